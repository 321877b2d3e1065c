import type { InterpretationChannel } from '../api/types.ts';

/** Interpreters publish their microphone with this participant attribute (server/domain/live/join.service.ts). */
export const INTERPRETER_ATTRIBUTE = 'interpretation.language';
/** The floor stays audible under the interpretation, as in a booth headset, so a listener can follow who speaks. */
export const FLOOR_UNDER_INTERPRETATION = 0.2;

export interface Listening {
  subscribe: boolean;
  volume: number;
}

/** The language a remote participant interprets into, or undefined for the floor (everyone else). */
export function interpretedLanguage(participant: { identity: string; attributes: Readonly<Record<string, string>> }, channels: readonly InterpretationChannel[]): string | undefined {
  return participant.attributes[INTERPRETER_ATTRIBUTE] ?? channels.find((c) => c.interpreters.some((i) => i.identity === participant.identity))?.language;
}

/**
 * How loud one remote participant's microphone plays for a listener who chose `chosen` (null: the
 * floor). The chosen interpreter at full volume, the floor quietly beneath; other languages' interpreters
 * not subscribed at all, which also saves their bandwidth on a weak connection.
 */
export function listeningFor(language: string | undefined, chosen: string | null): Listening {
  if (language !== undefined) return language === chosen ? { subscribe: true, volume: 1 } : { subscribe: false, volume: 0 };
  return { subscribe: true, volume: chosen ? FLOOR_UNDER_INTERPRETATION : 1 };
}

/** "Español", "Français", "العربية": a language's name in the reader's language. */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
