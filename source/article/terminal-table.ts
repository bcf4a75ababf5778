/**
A markdown table for the terminal, at most `width` columns wide:
- a grid with box-drawing borders at its natural width when it fits;
- else the cells wrapped, each column given at least its longest word and the rest shared by what it lacks;
- else (even the longest words cannot fit) one record per row, as `Header: value` lines.
Cells arrive rendered (inline styles, link numbers); wrapping and measuring are the renderer's own.
*/
import chalk from 'chalk';

export type TableTools = {
	width: number;
	color: boolean;
	wrap: (line: string, width: number) => string[];
	measure: (text: string) => number;
};

const sgr = /\u001B\[[\d;]*m/g;

function longestWord(text: string, measure: (text: string) => number): number {
	let longest = 0;
	for (const word of text.replaceAll(sgr, '').split(/ +/)) {
		longest = Math.max(longest, measure(word));
	}

	return longest;
}

/** Column widths for a grid within `available` columns of cell text, or undefined when none fits. */
function columnWidths(natural: number[], minimum: number[], available: number): number[] | undefined {
	const total = natural.reduce((sum, value) => sum + value, 0);
	if (total <= available) {
		return natural;
	}

	const widths = minimum.map(value => Math.max(1, value));
	let spare = available - widths.reduce((sum, value) => sum + value, 0);
	if (spare < 0) {
		return undefined;
	}

	// Share the spare columns by what each column still lacks, one at a time to the neediest (proportionally).
	while (spare > 0) {
		let best = -1;
		let bestNeed = 0;
		for (const [index, width] of widths.entries()) {
			const need = (natural[index]! - width) / natural[index]!;
			if (need > bestNeed) {
				best = index;
				bestNeed = need;
			}
		}

		if (best === -1) {
			break;
		}

		widths[best]!++;
		spare--;
	}

	return widths;
}

function pad(text: string, width: number, measure: (text: string) => number): string {
	return text + ' '.repeat(Math.max(0, width - measure(text)));
}

/** Render a table: `header` and `rows` hold rendered cell texts. */
export function renderTable(header: string[], rows: string[][], tools: TableTools): string[] {
	const {width, color, wrap, measure} = tools;
	const columns = Math.max(header.length, ...rows.map(row => row.length));
	if (columns === 0) {
		return [];
	}

	const all = [header, ...rows].map(row => Array.from({length: columns}, (_, index) => row[index] ?? ''));
	const natural = Array.from({length: columns}, (_, index) => Math.max(1, ...all.map(row => measure(row[index]!))));
	const minimum = Array.from({length: columns}, (_, index) => Math.max(1, ...all.map(row => longestWord(row[index]!, measure))));
	const widths = columnWidths(natural, minimum, width - (3 * columns) - 1);
	if (!widths) {
		return renderRecords(all[0]!, all.slice(1), tools);
	}

	const border = (text: string) => color ? chalk.gray(text) : text;
	const rule = (left: string, middle: string, right: string) => border(left + widths.map(value => '─'.repeat(value + 2)).join(middle) + right);
	const cellLines = all.map(row => row.map((text, index) => text === '' ? [''] : wrap(text, widths[index]!)));
	const multiLine = cellLines.some(row => row.some(lines => lines.length > 1));
	const lines = [rule('┌', '┬', '┐')];
	for (const [rowIndex, row] of cellLines.entries()) {
		if (rowIndex === 1 || (rowIndex > 1 && multiLine)) {
			lines.push(rule('├', '┼', '┤'));
		}

		const height = Math.max(...row.map(cell => cell.length));
		for (let lineIndex = 0; lineIndex < height; lineIndex++) {
			const cells = row.map((cell, index) => {
				const text = pad(cell[lineIndex] ?? '', widths[index]!, measure);
				return rowIndex === 0 && color ? chalk.bold(text) : text;
			});
			lines.push(border('│ ') + cells.join(border(' │ ')) + border(' │'));
		}
	}

	lines.push(rule('└', '┴', '┘'));
	return lines;
}

/** One record per row: `Header: value` lines, a blank line between records. */
function renderRecords(header: string[], rows: string[][], tools: TableTools): string[] {
	const {width, color, wrap} = tools;
	const lines: string[] = [];
	for (const row of rows) {
		if (lines.length > 0) {
			lines.push('');
		}

		for (const [index, value] of row.entries()) {
			if (value === '') {
				continue;
			}

			const name = header[index] || `Column ${index + 1}`;
			lines.push(...wrap(`${color ? chalk.bold(name + ':') : name + ':'} ${value}`, width));
		}
	}

	return lines;
}
