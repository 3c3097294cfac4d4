// Server-Sent Events framing, read from a stream of text chunks (fetch() streaming instead of EventSource, which
// cannot send a header such as X-CPA-Key). Follows the WHATWG event-stream rules the page relies on: lines end with
// LF, CRLF or CR; "event:", "data:" (several join with LF), "id:" and "retry:" fields; ":" starts a comment; a blank
// line dispatches; an event without data is not dispatched; a chunk may end anywhere, even between CR and LF.

export class SseParser {
  /** onEvent({type, data, id}) for each complete event; onRetry(ms) when the server sets the reconnection time. */
  constructor(onEvent, onRetry = () => {}) {
    this.onEvent = onEvent;
    this.onRetry = onRetry;
    this.buffer = '';
    this.afterCr = false;
    this.type = '';
    this.data = [];
    this.lastId = '';
  }

  push(chunk) {
    let text = chunk;
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);   // the LF of a CRLF split across chunks
    this.afterCr = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(this.buffer.slice(start, i));
      if (c === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++;
        } else {
          this.afterCr = true;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  line(l) {
    if (l === '') {
      if (this.data.length) this.onEvent({type: this.type || 'message', data: this.data.join('\n'), id: this.lastId});
      this.type = '';
      this.data = [];
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }
}
