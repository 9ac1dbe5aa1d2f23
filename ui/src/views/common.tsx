// Small pieces every view uses: waiting and failure notices.

export function Loading() {
  return <p class="subtle loading">正在读取……</p>;
}

/** A failure from the core, shown as its Chinese message (which says what to do). */
export function Failure({ message }: { message: string }) {
  return (
    <div class="failure" role="alert">
      <strong>无法完成操作</strong>
      <p>{message}</p>
    </div>
  );
}
