// Who is using this window: the name recorded with submissions and review decisions.
// Each role of this computer keeps its own name in the core (an organizer's name must
// never sign a secretary's submission); the core records it in the audit log.
import { api } from "./api";
import { setWorkstation, workstationNow } from "./workstation";

export function operatorName(): string {
  return workstationNow()?.name ?? "";
}

export function setOperatorName(name: string): void {
  const trimmed = name.trim();
  if (!trimmed || trimmed === operatorName()) return;
  void api.setMyName(trimmed).then(setWorkstation);
}
