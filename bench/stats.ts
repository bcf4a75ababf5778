/** Small statistics helpers shared by the benchmark cases. */

export type Summary = {median: number; min: number; max: number; n: number};

export function median(values: number[]): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = values.toSorted((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(values: number[]): Summary {
	return {
		median: median(values),
		min: values.length > 0 ? Math.min(...values) : Number.NaN,
		max: values.length > 0 ? Math.max(...values) : Number.NaN,
		n: values.length,
	};
}

/** `12.3 ms (10.1–15.0, n=20)` */
export function formatSummary(summary: Summary, unit = 'ms', digits = 1): string {
	const f = (v: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
	return `${f(summary.median)} ${unit} (${f(summary.min)}–${f(summary.max)}, n=${summary.n})`;
}
