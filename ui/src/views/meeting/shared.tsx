// What the meeting's tabs share: the grades, running an action with its messages.
import { useState } from "preact/hooks";
import { messageOf } from "../../api";
import type { Grade, MeetingView } from "../../bindings";
import { operatorSaved } from "../../operator";
import { Failure, OpenExported } from "../common";

export const GRADES: Grade[] = ["good", "fairly_good", "fair", "poor"];

export type TabProps = { view: MeetingView; refresh: () => Promise<void> };

/** Runs an action, then refreshes; returns the failure message, if any. */
export function useAction(refresh: () => Promise<void>) {
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>, done?: (result: unknown) => string | null) => {
    setProblem(null);
    setNotice(null);
    try {
      // Recorded under the name on screen, once the core keeps it.
      await operatorSaved();
      const result = await action();
      setNotice(done ? done(result) : null);
      await refresh();
      return true;
    } catch (error) {
      setProblem(messageOf(error));
      return false;
    }
  };
  const messages = (
    <>
      <OpenExported message={notice} />
      {notice && (
        <p class="notice" data-testid="meeting-notice">
          {notice}
        </p>
      )}
      {problem && <Failure message={problem} />}
    </>
  );
  return { run, messages, setProblem, setNotice };
}
