/** Pane geometry from the terminal size. Pure, so the reducer and the components agree on page sizes. */

export type LayoutMode = 'three' | 'two' | 'one';
export type Pane = 'categories' | 'posts' | 'article';

export type Layout = {
	mode: LayoutMode;
	columns: number;
	/** Rendered height: rows - 1 (Ink 6.8 clears the whole terminal on every frame at full height). */
	height: number;
	/** Lines of content under each pane's title line. */
	paneHeight: number;
	categoriesWidth: number;
	postsWidth: number;
	/** Width of the article pane (three panes) or of the full-width article (two and one). */
	articleWidth: number;
	/** Posts that fit in the posts pane (two lines each, one when compact). */
	visiblePosts: number;
	/** One-line post rows (title · feed · time). */
	compact: boolean;
};

/** The smallest article pane in three panes (its text is 2 columns narrower): 120–159 columns give it this much. */
const minimumArticlePane = 74;

function clamp(value: number, min: number, max: number): number {
	return Math.max(min, Math.min(max, value));
}

function layoutMode(columns: number): LayoutMode {
	if (columns >= 120) {
		return 'three';
	}

	return columns >= 80 ? 'two' : 'one';
}

/**
The panes' widths. At 120–159 columns the article pane keeps at least 74 (72 of text): the tree narrows to 16 and
the posts pane takes what is left. `hideTree` (the `t` key) gives the tree's columns to the posts and the article.
*/
export function computeLayout(columnsInput: number, rowsInput: number, compact = false, hideTree = false): Layout {
	const columns = Math.max(10, Math.floor(columnsInput) || 80);
	const rows = Math.max(4, Math.floor(rowsInput) || 24);
	const height = rows - 1;
	// One line for the status bar and one for the pane titles.
	const paneHeight = Math.max(1, height - 2);
	const visiblePosts = compact ? paneHeight : Math.max(1, Math.floor(paneHeight / 2));
	const mode = layoutMode(columns);
	if (mode === 'three') {
		// From 160 columns the panes share by proportion; at 120–159 the tree narrows and the article keeps 74.
		const categoriesWidth = hideTree ? 0 : (columns < 160 ? 16 : clamp(Math.floor(columns * 0.16), 18, 30));
		// One separator between two panes, two between three.
		const separators = hideTree ? 1 : 2;
		const shared = Math.floor((columns - categoriesWidth - separators) * 0.42);
		const postsWidth = columns < 160 ? Math.min(shared, columns - categoriesWidth - separators - minimumArticlePane) : shared;
		return {
			compact,
			mode,
			columns,
			height,
			paneHeight,
			categoriesWidth,
			postsWidth,
			articleWidth: columns - categoriesWidth - postsWidth - separators,
			visiblePosts,
		};
	}

	if (mode === 'two') {
		const categoriesWidth = hideTree ? 0 : clamp(Math.floor(columns * 0.25), 18, 28);
		return {mode, columns, height, paneHeight, categoriesWidth, postsWidth: hideTree ? columns : columns - categoriesWidth - 1, articleWidth: columns, visiblePosts, compact};
	}

	return {mode, columns, height, paneHeight, categoriesWidth: columns, postsWidth: columns, articleWidth: columns, visiblePosts, compact};
}

/** The panes that Tab / h / l move between. */
export const panes: readonly Pane[] = ['categories', 'posts', 'article'];

/** Width the article body is rendered at: the pane minus a one-column margin each side, capped by `articleWidth`. */
export function articleTextWidth(layout: Layout, preferred: number): number {
	return Math.max(10, Math.min(layout.articleWidth - 2, preferred));
}
