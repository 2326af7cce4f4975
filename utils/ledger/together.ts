// IndexedDB requests sent together, waited for together.

/**
 * Sends each request, then waits for all of them. A request that cannot even be sent (a bad key,
 * or its transaction already aborted by an earlier one) counts as failed rather than throwing
 * midway, which would leave the requests already sent with no one to hear that they failed.
 */
export function together<T>(sends: Iterable<() => Promise<T>>): Promise<T[]> {
  const sent: Promise<T>[] = [];
  for (const send of sends) {
    try {
      sent.push(send());
    } catch (error) {
      sent.push(Promise.reject(error instanceof Error ? error : new Error(String(error))));
    }
  }
  return Promise.all(sent);
}
