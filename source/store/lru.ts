/**
A least-recently-used map bounded by a byte budget (and an entry count): `set` evicts the oldest entries until
the total fits; an entry larger than the whole budget is not kept. Sizes come from `sizeOf`.
*/
export class ByteLru<K, V> {
	readonly #entries = new Map<K, {value: V; bytes: number}>();
	#bytes = 0;

	readonly maxBytes: number;
	readonly maxEntries: number;
	readonly #sizeOf: (value: V) => number;

	constructor(maxBytes: number, sizeOf: (value: V) => number, maxEntries = Number.POSITIVE_INFINITY) {
		this.maxBytes = maxBytes;
		this.maxEntries = maxEntries;
		this.#sizeOf = sizeOf;
	}

	get bytes(): number {
		return this.#bytes;
	}

	get size(): number {
		return this.#entries.size;
	}

	get(key: K): V | undefined {
		const entry = this.#entries.get(key);
		if (entry) {
			this.#entries.delete(key);
			this.#entries.set(key, entry);
		}

		return entry?.value;
	}

	has(key: K): boolean {
		return this.#entries.has(key);
	}

	set(key: K, value: V): void {
		this.delete(key);
		const bytes = Math.max(0, this.#sizeOf(value));
		if (bytes > this.maxBytes || this.maxEntries < 1) {
			return;
		}

		this.#entries.set(key, {value, bytes});
		this.#bytes += bytes;
		while (this.#bytes > this.maxBytes || this.#entries.size > this.maxEntries) {
			this.delete(this.#entries.keys().next().value!);
		}
	}

	delete(key: K): boolean {
		const entry = this.#entries.get(key);
		if (!entry) {
			return false;
		}

		this.#entries.delete(key);
		this.#bytes -= entry.bytes;
		return true;
	}

	keys(): IterableIterator<K> {
		return this.#entries.keys();
	}

	clear(): void {
		this.#entries.clear();
		this.#bytes = 0;
	}
}

/** Bytes a string takes in memory (UTF-16), near enough for a budget. */
export function stringBytes(text: string): number {
	return text.length * 2;
}
