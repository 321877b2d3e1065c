import { describe, expect, it } from 'vitest';
import { FLOOR_UNDER_INTERPRETATION, interpretedLanguage, listeningFor } from '../../web/src/session/interpretation.ts';

const channels = [
  { language: 'es', interpreters: [{ identity: 'interpreter-es', name: 'Carmen Ruiz' }] },
  { language: 'fr', interpreters: [{ identity: 'interpreter-fr', name: 'Luc Martin' }] },
];
const lecturer = { identity: 'lecturer', attributes: {} };
const spanish = { identity: 'interpreter-es', attributes: { 'interpretation.language': 'es' } };
const frenchByRoster = { identity: 'interpreter-fr', attributes: {} };

describe('what a listener hears', () => {
  it('with "Original" chosen, the floor at full volume and no interpreter at all', () => {
    expect(listeningFor(interpretedLanguage(lecturer, channels), null)).toEqual({ subscribe: true, volume: 1 });
    expect(listeningFor(interpretedLanguage(spanish, channels), null)).toEqual({ subscribe: false, volume: 0 });
  });

  it('with Spanish chosen, the Spanish interpreter at full volume, the floor quietly beneath, the French interpreter not received', () => {
    expect(listeningFor(interpretedLanguage(spanish, channels), 'es')).toEqual({ subscribe: true, volume: 1 });
    expect(listeningFor(interpretedLanguage(lecturer, channels), 'es')).toEqual({ subscribe: true, volume: FLOOR_UNDER_INTERPRETATION });
    expect(listeningFor(interpretedLanguage(frenchByRoster, channels), 'es')).toEqual({ subscribe: false, volume: 0 });
  });

  it('an interpreter is known by the participant attribute, or else by the join answer’s channels', () => {
    expect(interpretedLanguage(spanish, [])).toBe('es');
    expect(interpretedLanguage(frenchByRoster, channels)).toBe('fr');
    expect(interpretedLanguage(lecturer, channels)).toBeUndefined();
  });
});
