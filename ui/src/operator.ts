// Who is using this window: the name recorded with submissions and review decisions.
// Kept on this computer only; the core records it in the audit log with each action.
const KEY = "shuzhi.operator";

export function operatorName(): string {
  return localStorage.getItem(KEY) ?? "";
}

export function setOperatorName(name: string): void {
  localStorage.setItem(KEY, name.trim());
}
