// Who is using this window: the name recorded with submissions and review decisions.
// Each role of this computer keeps its own name in the core (an organizer's name must
// never sign a secretary's submission); the core records it in the audit log.
import { api } from "./api";
import { setWorkstation, workstationNow } from "./workstation";

let saving: Promise<unknown> = Promise.resolve();

/** Resolves once the names typed so far are kept in the core: an action that follows is
 * then recorded under the name on screen. */
export function operatorSaved(): Promise<unknown> {
  return saving;
}

export function operatorName(): string {
  return workstationNow()?.name ?? "";
}

/** Takes the name at once for what the window shows, and keeps it in the core at once
 * (saves one after another, so the last typed is the one kept): the core records the
 * name it keeps, never one the page sends with an action. */
export function setOperatorName(name: string): void {
  const trimmed = name.trim();
  const station = workstationNow();
  if (!station || !trimmed || trimmed === station.name) return;
  setWorkstation({ ...station, name: trimmed });
  saving = saving
    .then(() => api.setMyName(trimmed))
    .then(setWorkstation, () => {
      // A refused name (too long) stays on screen; the core keeps the last good one.
    });
}
