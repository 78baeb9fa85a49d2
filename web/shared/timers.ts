/**
 * A page's timers in one table: each has a name, a delay, and the event it feeds back to the
 * page's reducer when it fires. The reducers start and stop them by name (as effects); the page
 * stops them all when it goes.
 */
export type TimerSpec<Event> =
  /** fires every `everyMs` while started; starting it again changes nothing */
  | { everyMs: number; fires: Event }
  /** fires once, `afterMs` after the latest start (a start replaces the one before); without `afterMs`, each start names the delay */
  | { afterMs?: number; fires: Event };

export class Timers<Name extends string, Event> {
  private readonly running = new Map<Name, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly specs: Record<Name, TimerSpec<Event>>,
    private readonly fire: (event: Event) => void,
  ) {}

  /** Starts timer `name`; `delayMs` overrides a one-shot timer's own delay. */
  start(name: Name, delayMs?: number): void {
    const spec = this.specs[name];
    if ('everyMs' in spec) {
      if (!this.running.has(name))
        this.running.set(
          name,
          setInterval(() => this.fire(spec.fires), spec.everyMs),
        );
      return;
    }
    this.stop(name);
    this.running.set(
      name,
      setTimeout(
        () => {
          this.running.delete(name);
          this.fire(spec.fires);
        },
        delayMs ?? spec.afterMs ?? 0,
      ),
    );
  }

  stop(name: Name): void {
    // clearTimeout and clearInterval take each other's handles
    clearTimeout(this.running.get(name));
    this.running.delete(name);
  }

  stopAll(): void {
    for (const name of [...this.running.keys()]) this.stop(name);
  }
}
