// The hub's agent HTTP API (docs/protocol.md, "HTTP API"). Same origin as the console, so the
// HttpOnly session cookie travels by itself and the page never sees it.

async function request(method, path, body) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  return { status: response.status, ok: response.ok, data };
}

/** The logged-in agent's name, or null when there is no valid session. */
export async function me() {
  const reply = await request("GET", "/api/me");
  return reply.ok && reply.data ? reply.data.name : null;
}

/** Logs in; throws an Error with a message fit for the login form. */
export async function login(name, password) {
  const reply = await request("POST", "/api/login", { name, password });
  if (reply.ok) return;
  if (reply.status === 401) throw new Error("That name and password do not match.");
  if (reply.status === 429) throw new Error("Too many attempts. Wait a minute and try again.");
  throw new Error(reply.data?.error ?? `The hub answered ${reply.status}. Try again.`);
}

export async function logout() {
  await request("POST", "/api/logout");
}

/** Both directions of a conversation in stored order: for reading before claiming. */
export async function transcript(conversation) {
  const reply = await request("GET", `/api/conversations/${encodeURIComponent(conversation)}/transcript`);
  if (!reply.ok) throw new Error(reply.data?.error ?? `The hub answered ${reply.status}.`);
  return reply.data;
}
