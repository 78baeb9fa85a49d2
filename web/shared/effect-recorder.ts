/**
 * One event's work in a page's reducer, recorded: the reducer changes `state` (its own copy) and
 * records the effects it asks for, in order; nothing runs here. The page runs the effects after.
 */
export class EffectRecorder<State, Effect> {
  readonly effects: Effect[] = [];

  constructor(
    readonly state: State,
    /** the time in ms */
    readonly now: number,
  ) {}

  record(effect: Effect): void {
    this.effects.push(effect);
  }
}

/** Runs `work` on a recorder over `copy` (a copy of the state, to change freely): the next state and the effects. */
export function recordEffects<State, Effect>(copy: State, now: number, work: (step: EffectRecorder<State, Effect>) => void): { state: State; effects: Effect[] } {
  const step = new EffectRecorder<State, Effect>(copy, now);
  work(step);
  return { state: step.state, effects: step.effects };
}
