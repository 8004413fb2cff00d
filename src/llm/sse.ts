/**
 * Server-sent events (the WHATWG EventSource format), as OpenAI-compatible
 * servers stream chat completions: `data: …` lines, events ended by a
 * blank line. Only the data of each event is kept; `event`, `id`, `retry`
 * and comments are skipped.
 */

/**
 * Splits text that arrives in arbitrary pieces into event data. Pure and
 * incremental: push() each piece as it arrives, then end() once.
 */
export class SseParser {
  #buffer = '';
  #data: string[] = [];

  /** Returns the data of the events that `text` completes. */
  push(text: string): string[] {
    this.#buffer += text;
    const events: string[] = [];
    for (;;) {
      const end = this.#buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      // A lone '\r' at the end may be the first half of '\r\n': wait for the next piece.
      if (this.#buffer[end] === '\r' && end === this.#buffer.length - 1) break;
      const width = this.#buffer.startsWith('\r\n', end) ? 2 : 1;
      const line = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + width);
      const event = this.#line(line);
      if (event !== null) events.push(event);
    }
    return events;
  }

  /**
   * Returns the data of an event the stream left unfinished. The standard
   * drops it; a server that omits the last blank line would then seem to
   * stop before `[DONE]`, so it is kept.
   */
  end(): string[] {
    const events: string[] = [];
    const rest = this.#buffer.replace(/\r$/, '');
    this.#buffer = '';
    for (const line of rest ? [rest, ''] : ['']) {
      const event = this.#line(line);
      if (event !== null) events.push(event);
    }
    return events;
  }

  /** Reads one line; returns the event's data when the line ends an event. */
  #line(line: string): string | null {
    if (line === '') {
      if (this.#data.length === 0) return null;
      const data = this.#data.join('\n');
      this.#data = [];
      return data;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== 'data') return null;
    const value = colon < 0 ? '' : line.slice(colon + 1);
    this.#data.push(value.startsWith(' ') ? value.slice(1) : value);
    return null;
  }
}

/**
 * Yields the data of each event of `body`, decoded as UTF-8. Stopping early
 * (break, an exception, an abort) cancels the stream, which closes the
 * connection.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    finished = true;
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    if (finished) reader.releaseLock();
    else await reader.cancel().catch(() => undefined);
  }
}
