import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse.ts';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('createSseParser', () => {
  it('dispatches named events with their data and id', () => {
    const events = parse(['id: 3\nevent: progress\ndata: {"seq":3}\n\n']);
    expect(events).toEqual([{ event: 'progress', data: '{"seq":3}', id: '3' }]);
  });

  it('reassembles events split across arbitrary chunk boundaries', () => {
    const text =
      'event: progress\ndata: {"seq":1,"step":"plan"}\n\nevent: end\ndata: {"status":"succeeded"}\n\n';
    const whole = parse([text]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
    expect(whole.map((e) => e.event)).toEqual(['progress', 'end']);
  });

  it('handles CRLF and CR line endings, including a CRLF split between chunks', () => {
    expect(parse(['event: a\r\ndata: 1\r', '\n\r\n'])).toEqual([{ event: 'a', data: '1', id: undefined }]);
    expect(parse(['event: b\rdata: 2\r\r'])).toEqual([{ event: 'b', data: '2', id: undefined }]);
  });

  it('joins multi-line data, ignores comments, and defaults the event name to message', () => {
    const events = parse([': keep-alive\n\ndata: first\ndata: second\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'first\nsecond', id: undefined }]);
  });

  it('strips exactly one leading space from a field value', () => {
    expect(parse(['data:  two spaces\n\n'])[0]?.data).toBe(' two spaces');
    expect(parse(['data:none\n\n'])[0]?.data).toBe('none');
  });

  it('does not dispatch an event whose blank line never arrived', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser((e) => events.push(e));
    parser.push('event: progress\ndata: {"seq":9}\n');
    parser.end();
    parser.push('event: end\ndata: {}\n\n');
    expect(events).toEqual([{ event: 'end', data: '{}', id: undefined }]);
  });
});
