// Loading data from the core for a view: the value, the failure, or still waiting.
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "./api";

export type Loaded<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; message: string };

export function useLoad<T>(load: () => Promise<T>, key: unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    let current = true;
    setLoaded({ state: "loading" });
    load().then(
      (value) => current && setLoaded({ state: "ready", value }),
      (error) => current && setLoaded({ state: "failed", message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, key);
  return loaded;
}

/** Like `useLoad`, but keeps showing the last value while a fresh one loads (no flicker,
 * and forms below keep their state and focus). */
export function useLoadKeeping<T>(load: () => Promise<T>, key: unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ state: "ready", value }),
      (error) => current && setLoaded({ state: "failed", message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, key);
  return loaded;
}
