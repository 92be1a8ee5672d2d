// One model run for two requests at the same place. Where the server offers a list of names (after
// `events.`, `args.`, `tree["`: memberCompletions.ts), the editor asks at once for the list and for the
// inline suggestion; the list puts first, and selects, the name the model would write, so both need
// the same suggestion. A request for the same document text, cursor and context as the run in
// progress waits for that run's answer instead of starting another, which would supersede it and run
// the model twice. A run that has answered is not joined: the files the rules read may have changed
// since (a config key renamed), and a second run at the same place finds its prompt in the KV cache.

interface Run<T> {
  readonly key: string;
  /** The engine's request count when it started: a later request for other text supersedes it. */
  readonly ticket: number;
  /** One per request waiting for it: whether that request was cancelled. */
  readonly waiters: (() => boolean)[];
  /** Those told the text as it is generated. */
  readonly watchers: ((text: string) => void)[];
  answer: Promise<T | undefined>;
  /** Set once the run saw it was no longer wanted and stopped: its empty answer is no answer to join. */
  abandoned: boolean;
}

export class SharedAnswer<T> {
  private run: Run<T> | undefined;

  /**
   * The answer of the run in progress for `key`, when it is the latest request (`latest`) and has not
   * stopped for want of waiters; undefined when `key` needs a run of its own. `isCancelled`: whether this
   * request was cancelled (its answer is then undefined; the run goes on while another waits).
   */
  join(key: string, latest: number, isCancelled: () => boolean, onText?: (text: string) => void): Promise<T | undefined> | undefined {
    const run = this.run;
    if (!run || run.key !== key || run.ticket !== latest || run.abandoned) return undefined;
    run.waiters.push(isCancelled);
    if (onText) run.watchers.push(onText);
    return run.answer.then((answer) => (isCancelled() ? undefined : answer));
  }

  /**
   * Starts `work` as the run for `key` (`ticket`: the request count it was given). `work` is handed
   * whether the run is still wanted (false once every waiter has cancelled, or `superseded` says so),
   * and what tells the waiters' `onText` the text generated so far.
   */
  start(
    key: string,
    ticket: number,
    isCancelled: () => boolean,
    superseded: () => boolean,
    work: (unwanted: () => boolean, notify: (text: string) => void) => Promise<T | undefined>,
    onText?: (text: string) => void,
  ): Promise<T | undefined> {
    const run: Run<T> = { key, ticket, waiters: [isCancelled], watchers: onText ? [onText] : [], answer: Promise.resolve(undefined), abandoned: false };
    const unwanted = (): boolean => {
      const stop = superseded() || run.waiters.every((cancelled) => cancelled());
      // Sticky: once the work has seen it, it stops, and what it returns answers nobody.
      if (stop) run.abandoned = true;
      return stop;
    };
    this.run = run;
    run.answer = work(unwanted, (text) => {
      for (const watch of run.watchers) watch(text);
    });
    const done = (): void => {
      if (this.run === run) this.run = undefined;
    };
    run.answer.then(done, done);
    return run.answer.then((result) => (isCancelled() ? undefined : result));
  }

  /** Forgets the run (only one whose key starts with `keyStart`, where given): no later request joins it (new settings, its document closed). */
  clear(keyStart = ''): void {
    if (this.run?.key.startsWith(keyStart)) this.run = undefined;
  }
}
