/** The closest of `choices` to `word` (edit distance at most 2, or a prefix), for "did you mean" hints. */
export function didYouMean(word: string, choices: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const choice of choices) {
		const distance = choice.startsWith(word) && word.length >= 3 ? 1 : editDistance(word, choice);
		if (distance < bestDistance) {
			best = choice;
			bestDistance = distance;
		}
	}

	return bestDistance <= Math.min(2, Math.max(1, Math.floor(word.length / 3))) ? best : undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment: adjacent swaps cost 1, so `jsno` is 1 from `json`). */
function editDistance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : (j === 0 ? i : 0))));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				value = Math.min(value, rows[i - 2]![j - 2]! + 1);
			}

			rows[i]![j] = value;
		}
	}

	return rows[a.length]![b.length]!;
}
