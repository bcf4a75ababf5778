/**
HTML tables → GFM tables, for `html-to-markdown.ts`.
- Before conversion (`unwrapLayoutTable`): a table of one cell, or one holding another table, is layout: it is
  replaced by its content, one block per cell. A caption becomes a paragraph before the table.
- During conversion (turndown rules): each cell becomes its inline markdown (line breaks as spaces, `|` escaped)
  between private-use markers, each row likewise, and the table rule assembles the grid: the first row is the
  header (`<th>` or not), a colspan cell is followed by blank cells, short rows are padded.
*/
import type TurndownService from 'turndown';

const cellStart = '\uE001';
const cellText = '\uE002';
const cellEnd = '\uE003';
const rowStart = '\uE004';
const rowEnd = '\uE005';
/** The markers, removed from feed text before conversion. */
export const tableMarkers = /[\uE001-\uE005]/g;
const maxColumns = 64;

/** The cells of `table` itself (not of tables nested in it). */
function ownCells(table: Element): Element[] {
	const cells: Element[] = [];
	for (const cell of Array.from(table.querySelectorAll('td, th'))) {
		if (cell.closest('table') === table) {
			cells.push(cell);
		}
	}

	return cells;
}

/**
Replace a layout table (one cell, or another table inside) by its content, and a caption by a paragraph before the
table. Returns true when the table was replaced.
*/
export function unwrapLayoutTable(table: Element, document: Document): boolean {
	const parent = table.parentNode!;
	for (const caption of Array.from(table.querySelectorAll('caption'))) {
		if (caption.closest('table') === table) {
			const paragraph = document.createElement('p');
			while (caption.firstChild) {
				paragraph.appendChild(caption.firstChild);
			}

			parent.insertBefore(paragraph, table);
			caption.remove();
		}
	}

	const cells = ownCells(table);
	if (cells.length > 1 && !table.querySelector('table')) {
		return false;
	}

	for (const cell of cells) {
		const block = document.createElement('div');
		while (cell.firstChild) {
			block.appendChild(cell.firstChild);
		}

		parent.insertBefore(block, table);
	}

	table.remove();
	return true;
}

function isHeaderCell(node: Element): boolean {
	return node.nodeName === 'TH' || node.parentNode?.parentNode?.nodeName === 'THEAD';
}

function span(node: Element): number {
	const value = Number.parseInt(node.getAttribute('colspan') ?? '1', 10);
	return Number.isFinite(value) && value > 1 ? Math.min(value, maxColumns) : 1;
}

/** One cell's markdown as one line, `|` escaped. */
function cellMarkdown(content: string): string {
	return content.replaceAll(tableMarkers, '').replaceAll(/\s*\n\s*/g, ' ').trim().replaceAll('|', String.raw`\|`);
}

export function cell(content: string, node: Element): string {
	return `${cellStart}${span(node)}${isHeaderCell(node) ? 'h' : 'd'}${cellText}${cellMarkdown(content)}${cellEnd}`;
}

const rowPattern = /\uE004([^\uE004\uE005]*)\uE005/g;
const cellPattern = /\uE001(\d+)[hd]\uE002([^\uE001-\uE005]*)\uE003/g;

/** The rows of a converted table: cell texts, colspans expanded into blank cells. */
function tableRows(content: string): string[][] {
	const rows: string[][] = [];
	for (const [, row] of content.matchAll(rowPattern)) {
		const cells: string[] = [];
		for (const [, colspan, text] of row!.matchAll(cellPattern)) {
			cells.push(text!);
			for (let index = 1; index < Number(colspan); index++) {
				cells.push('');
			}
		}

		if (cells.some(text => text !== '')) {
			rows.push(cells.slice(0, maxColumns));
		}
	}

	return rows;
}

/** A GFM table; the first row is the header. */
function gfmTable(rows: string[][]): string {
	if (rows.length === 0) {
		return '';
	}

	const columns = Math.max(...rows.map(row => row.length));
	const line = (cells: string[]) => '| ' + Array.from({length: columns}, (_, index) => cells[index] ?? '').join(' | ') + ' |';
	const [head, ...body] = rows;
	return '\n\n' + [line(head!), '|' + ' --- |'.repeat(columns), ...body.map(row => line(row))].join('\n') + '\n\n';
}

/** Add the table rules, and a blank replacement that keeps empty cells. */
export function addTableRules(service: TurndownService): void {
	service.addRule('evnewsTableCell', {
		filter: ['th', 'td'],
		replacement: (content, node) => cell(content, node),
	});
	service.addRule('evnewsTableRow', {
		filter: 'tr',
		replacement: content => `${rowStart}${content}${rowEnd}`,
	});
	service.addRule('evnewsTable', {
		filter: 'table',
		replacement: content => gfmTable(tableRows(content)),
	});
	const blank = service.options.blankReplacement;
	service.options.blankReplacement = (content, node, options) => {
		if (node.nodeName === 'TD' || node.nodeName === 'TH') {
			return cell('', node);
		}

		return blank!(content, node, options);
	};
}
