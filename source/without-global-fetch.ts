/**
Run `load` with the global `fetch` hidden. Node defines `fetch` as a lazy getter that compiles its internal undici
on first read, and yoga-layout (Ink's layout engine) reads `typeof fetch` while it instantiates its WASM, then
decodes the inline binary anyway: 35 ms of the reader's first frame (issue 8 §6). evnews never uses the global
fetch (its transport is node:http, or the undici package behind a proxy), so nothing misses it meanwhile. The
getter is put back as it was, unread.
*/
export async function withoutGlobalFetch<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!descriptor?.configurable) {
		return load();
	}

	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
