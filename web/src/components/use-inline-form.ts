import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Open/closed state of a form that replaces the button opening it. When the form closes, the focus
 * goes back to that button: otherwise the focused element vanishes and a keyboard user starts again
 * from the top of the page.
 */
export function useInlineForm<T extends HTMLElement = HTMLButtonElement>() {
  const [isOpen, setOpen] = useState(false);
  const trigger = useRef<T>(null);
  const returning = useRef(false);
  useEffect(() => {
    if (isOpen || !returning.current) return;
    returning.current = false;
    trigger.current?.focus();
  }, [isOpen]);
  const open = useCallback(() => setOpen(true), []);
  const close = useCallback(() => {
    returning.current = true;
    setOpen(false);
  }, []);
  return { isOpen, trigger, open, close };
}
