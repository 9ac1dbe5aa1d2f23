// Opening something where the person can see it: on a 1024×768 office screen a form opened
// under the last rows of a long table, or a confirmation at the foot of a page, appears
// below the window's edge and looks as if the click did nothing.
import { useLayoutEffect, useRef } from "preact/hooks";

/**
 * A ref for an element that is scrolled into view when it appears: once it is on the page
 * and laid out, and again only when `open` turns true again (never as it re-renders, so
 * typing into it does not move the page). `nearest` scrolls only as far as needed; `start`
 * puts the element's top at the top of the window.
 */
export function useOpensInView<T extends HTMLElement>(open = true, block: ScrollLogicalPosition = "nearest") {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    if (open) ref.current?.scrollIntoView({ block, inline: "nearest" });
  }, [open]);
  return ref;
}
