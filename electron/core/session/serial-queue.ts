/**
 * Runs async jobs one at a time. Refresh tokens rotate on every use and a reused one revokes
 * the whole family, so two concurrent exchanges for one account would sign the user out.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job, job);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
