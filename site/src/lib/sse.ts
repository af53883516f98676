/** One dispatched server-sent event, per the WHATWG event-stream format. */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Incremental `text/event-stream` parser. Chunks may split lines (and `\r\n` pairs) anywhere, so
 * the unfinished tail is carried into the next `push`.
 */
export function createSseParser(onEvent: (event: SseEvent) => void) {
  let buffer = '';
  let eventName = '';
  let data: string[] = [];
  let lastId: string | undefined;
  // A chunk ending in `\r` may be the first half of `\r\n`; the `\n` must not end a second line.
  let skipLeadingNewline = false;

  function dispatch() {
    if (data.length > 0) {
      onEvent({ event: eventName || 'message', data: data.join('\n'), id: lastId });
    }
    eventName = '';
    data = [];
  }

  function line(text: string) {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
  }

  return {
    push(chunk: string) {
      if (skipLeadingNewline && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLeadingNewline = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== '\n' && ch !== '\r') continue;
        line(buffer.slice(start, i));
        if (ch === '\r') {
          if (i + 1 === buffer.length) skipLeadingNewline = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    /** The stream closed: an event without its blank line is incomplete and is dropped, as browsers do. */
    end() {
      buffer = '';
      eventName = '';
      data = [];
    },
  };
}
