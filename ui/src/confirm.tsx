// Questions asked before an action that cannot simply be taken back, shown inside the
// page: the system's confirm box is titled with the page's address
// ("JavaScript - tauri://localhost"), which means nothing to the person.
import { useEffect, useRef, useState } from "preact/hooks";

type Question = { message: string; confirm: string; answer: (yes: boolean) => void };

let show: ((question: Question) => void) | null = null;

/** Asks `message`; resolves true when the person chose `confirm`, false on 取消 or Esc. */
export function confirmInPage(message: string, confirm = "确定"): Promise<boolean> {
  return new Promise((answer) => {
    if (show) show({ message, confirm, answer });
    else answer(false);
  });
}

/** Where the questions appear; mounted once by the app. */
export function ConfirmHost() {
  const [question, setQuestion] = useState<Question | null>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    show = setQuestion;
    return () => {
      show = null;
    };
  }, []);
  useEffect(() => {
    if (!question) return;
    yes.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close(false);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [question]);
  const close = (answer: boolean) => {
    question?.answer(answer);
    setQuestion(null);
  };
  if (!question) return null;
  return (
    <div class="modal-backdrop" data-testid="confirm">
      <div class="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title">
        <h2 id="confirm-title">请确认</h2>
        <p>{question.message}</p>
        <div class="actions">
          <button class="primary" ref={yes} data-testid="confirm-yes" onClick={() => close(true)}>
            {question.confirm}
          </button>
          <button data-testid="confirm-no" onClick={() => close(false)}>
            取消
          </button>
        </div>
      </div>
    </div>
  );
}
