// What this computer is for (书记, 组织方, or the sample) and the person's name in that
// role, loaded from the core once and shared by every view. The core keeps them; the
// window only shows them and refuses nothing on its own.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api";
import type { Workstation } from "./bindings";

let current: Workstation | null = null;
const listeners = new Set<() => void>();

/** The settings as last loaded (null before the first load). */
export function workstationNow(): Workstation | null {
  return current;
}

/** Puts settings the core returned in place and tells every view. */
export function setWorkstation(station: Workstation): Workstation {
  current = station;
  listeners.forEach((listener) => listener());
  return station;
}

export async function loadWorkstation(): Promise<Workstation> {
  return setWorkstation(await api.workstation());
}

/** The settings, re-rendering the view when they change. */
export function useWorkstation(): Workstation | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((tick) => tick + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return current;
}

/** Whether this is a secretary's computer (the organizer's work is not shown). */
export function onSecretaryComputer(): boolean {
  return current?.role === "secretary";
}

/** Whether `campaignId` is the bundled sample (every page of it says 示例). */
export function isSample(campaignId: string): boolean {
  return current?.sample_campaign_id === campaignId;
}
