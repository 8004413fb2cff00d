/** The run channel with Node's own BroadcastChannel: announcements are throttled, and each watcher hears only its run. */
import { afterEach, describe, expect, it } from 'vitest';
import { RunAnnouncer, watchRun } from '../../src/platform/runChannel.ts';

const teardown: (() => void)[] = [];
afterEach(() => {
  for (const close of teardown.splice(0)) close();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RunAnnouncer and watchRun', () => {
  it('tells the watchers of a run, and only them, that it changed', async () => {
    const heard: string[] = [];
    teardown.push(
      watchRun('run-a', () => heard.push('a')),
      watchRun('run-b', () => heard.push('b')),
    );
    const announcer = new RunAnnouncer('run-a');
    teardown.push(() => announcer.close());
    announcer.changed();
    await wait(50);
    expect(heard).toEqual(['a']);
  });

  it('tells a burst of changes as one message, then at most one per 250 ms, the last one always', async () => {
    let heard = 0;
    teardown.push(watchRun('run-a', () => (heard += 1)));
    const announcer = new RunAnnouncer('run-a');
    teardown.push(() => announcer.close());
    for (let i = 0; i < 100; i++) announcer.changed();
    await wait(50);
    expect(heard).toBe(1);
    announcer.changed(); // within 250 ms of the first: waits, then is told
    await wait(100);
    expect(heard).toBe(1);
    await wait(250);
    expect(heard).toBe(2);
  });

  it('sends a change still waiting when it closes, and nothing after the watcher stops', async () => {
    let heard = 0;
    const stop = watchRun('run-a', () => (heard += 1));
    const announcer = new RunAnnouncer('run-a');
    announcer.changed();
    await wait(30);
    announcer.changed(); // throttled
    announcer.close();
    await wait(30);
    expect(heard).toBe(2);
    stop();
    const later = new RunAnnouncer('run-a');
    later.changed();
    await wait(300);
    later.close();
    expect(heard).toBe(2);
  });

  it('ignores messages that are not about a run', async () => {
    let heard = 0;
    teardown.push(watchRun('run-a', () => (heard += 1)));
    const stranger = new BroadcastChannel('mechlab-runs');
    stranger.postMessage('hello');
    stranger.postMessage({ runId: 7 });
    stranger.postMessage({ runId: 'run-a' });
    await wait(50);
    stranger.close();
    expect(heard).toBe(1);
  });
});
