import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SseParser, sseData } from '../../src/llm/sse.ts';

/** Returns the events of `pieces` pushed one by one, then ended. */
function parse(pieces: readonly string[]): string[] {
  const parser = new SseParser();
  return [...pieces.flatMap((piece) => parser.push(piece)), ...parser.end()];
}

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const events: string[] = [];
  for await (const data of sseData(stream)) events.push(data);
  return events;
}

const sample =
  ': keep-alive comment\n' +
  'data: {"a":1}\n\n' +
  'event: message\nid: 7\nretry: 100\ndata:{"b":2}\n\n' +
  'data: line one\ndata: line two\n\n' +
  'data\n\n' +
  'data: [DONE]\n\n';

describe('SseParser', () => {
  it('returns the data of each event, skipping comments and the event, id and retry fields', () => {
    expect(parse([sample])).toEqual(['{"a":1}', '{"b":2}', 'line one\nline two', '', '[DONE]']);
  });

  it('removes exactly one space after the colon', () => {
    expect(parse(['data:  two spaces\n\n'])).toEqual([' two spaces']);
  });

  it('accepts \\r\\n, \\r and \\n line endings alike', () => {
    const events = parse([sample]);
    expect(parse([sample.replace(/\n/g, '\r\n')])).toEqual(events);
    expect(parse([sample.replace(/\n/g, '\r')])).toEqual(events);
  });

  it('ignores blank lines that end no event', () => {
    expect(parse(['\n\n\ndata: x\n\n\n\n'])).toEqual(['x']);
  });

  it('keeps an event that the stream leaves without its closing blank line', () => {
    expect(parse(['data: a\n\ndata: [DONE]\n'])).toEqual(['a', '[DONE]']);
    expect(parse(['data: a\n\ndata: [DONE]'])).toEqual(['a', '[DONE]']);
  });

  it('gives the same events however the text is split into pieces (even between \\r and \\n)', () => {
    const text = sample.replace(/\n/g, '\r\n');
    const whole = parse([text]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 30 }), (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), text.length];
        const pieces = points.slice(1).map((end, i) => text.slice(points[i], end));
        expect(parse(pieces)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sseData', () => {
  it('decodes UTF-8 characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"é → 🙂"}\n\ndata: [DONE]\n\n');
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(await collect(streamOf(chunks))).toEqual(['{"t":"é → 🙂"}', '[DONE]']);
  });

  it('cancels the stream when the reader stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: more\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const data of sseData(stream)) {
      expect(data).toBe('more');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
