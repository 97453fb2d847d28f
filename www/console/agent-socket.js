// The agent's websocket: hello on open, reconnect with backoff and jitter when the close code
// says so (docs/protocol.md §6: 4000–4499 terminal, everything else reconnect), and an
// application ping so a dead hub is noticed even when the browser sees no close.

const PING_EVERY_MS = 25_000;
const SILENCE_LIMIT_MS = 70_000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 16000, 20000];

export function agentSocketUrl(location) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/agent`;
}

/** Whether a close code means "try again" (docs/protocol.md §6). */
export function shouldReconnect(code) {
  return !(code === 1000 || (code >= 4000 && code < 4500));
}

export class AgentSocket {
  /**
   * handlers.frame(frame): every frame from the hub.
   * handlers.state(state, detail): "connecting" | "live" | "reconnecting" | "stopped".
   * handlers.closed(code): the hub closed for good (4003 means the session is gone).
   * handlers.beforeReconnect(): async, may return false to give up (session gone).
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.socket = null;
    this.attempt = 0;
    this.stopped = false;
    this.timers = [];
    this.lastHeard = 0;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    this.clearTimers();
    this.socket?.close(1000, "agent logged out");
    this.socket = null;
    this.handlers.state("stopped");
  }

  /** Sends a frame; false when the socket is not open (the caller keeps it for later). */
  send(frame) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  open() {
    this.handlers.state(this.attempt === 0 ? "connecting" : "reconnecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.lastHeard = Date.now();
      socket.send(JSON.stringify({ type: "hello", v: 1, role: "agent" }));
      this.startPinging(socket);
    });
    socket.addEventListener("message", (event) => {
      this.lastHeard = Date.now();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === "welcome") {
        this.attempt = 0;
        this.handlers.state("live");
      }
      if (frame.type !== "pong") this.handlers.frame(frame);
    });
    socket.addEventListener("close", (event) => this.onClose(socket, event.code));
  }

  async onClose(socket, code) {
    if (socket !== this.socket || this.stopped) return;
    this.clearTimers();
    this.socket = null;
    if (!shouldReconnect(code)) {
      this.stopped = true;
      this.handlers.state("stopped", code);
      this.handlers.closed(code);
      return;
    }
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt += 1;
    this.handlers.state("reconnecting", Math.round(delay / 1000));
    const jittered = delay / 2 + Math.random() * (delay / 2);
    this.timers.push(setTimeout(async () => {
      if (this.stopped) return;
      // An upgrade refused with 401 looks like a plain drop to a browser: ask the API.
      if ((await this.handlers.beforeReconnect()) === false) {
        this.stop();
        this.handlers.closed(4003);
        return;
      }
      if (!this.stopped) this.open();
    }, jittered));
  }

  startPinging(socket) {
    this.timers.push(setInterval(() => {
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        socket.close(4999, "hub silent");
        this.onClose(socket, 1006);
        return;
      }
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
    }, PING_EVERY_MS));
  }

  clearTimers() {
    for (const timer of this.timers) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    this.timers = [];
  }
}
