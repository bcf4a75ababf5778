/**
Xo with React rules. The exceptions below are deliberate, each for a reason:
*/
/** @type {import('xo').FlatXoConfig} */
const xoConfig = [
	{ignores: ['dist/**']},
	{
		react: true,
		rules: {
			// Feed parsing matches byte-level and cp1252 ranges: the `u` flag changes what those classes mean.
			'require-unicode-regexp': 'off',
			// Control characters are exactly what the sanitiser and decoder look for.
			'no-control-regex': 'off',
			'no-misleading-character-class': 'off',
			// Ids are base32 over digest bytes, and the CDATA skip works on char codes.
			'no-bitwise': 'off',
			// Feed fields keep their XML and HTTP names (`itunes:author`, `Last-Modified`, `X-WP-TotalPages`).
			'@typescript-eslint/naming-convention': 'off',
			// JSON from disk and the network is checked by hand-written guards, then asserted to its type.
			'@typescript-eslint/no-unsafe-type-assertion': 'off',
			// Buffer is used as a global across the engine; importing it everywhere adds nothing.
			'n/prefer-global/buffer': 'off',
			// The JSON contract has nulls (`link: null`), and so do the types that mirror it.
			'@typescript-eslint/no-restricted-types': 'off',
			// Array literals and objects are laid out by hand, for tables of fixtures and limits.
			'@stylistic/array-element-newline': 'off',
			'@stylistic/object-curly-newline': 'off',
			'@stylistic/curly-newline': 'off',
			// The new JSX transform: React is not in scope in .tsx files.
			'react/react-in-jsx-scope': 'off',
			// Sequential awaits are deliberate where order or politeness (one request per host) matters.
			'no-await-in-loop': 'off',
			// Test titles say what is checked; a message per assertion would repeat them.
			'ava/assertion-arguments': 'off',
			// `await x` then a member reads as well as two lines, and the CLI's lazy imports use it throughout.
			'unicorn/no-await-expression-member': 'off',
			// Decoders and tokenizers work on UTF-16 code units on purpose.
			'unicorn/prefer-code-point': 'off',
			// Charset labels are compared as feeds and servers spell them (`UTF-8`, `windows-1252`).
			'unicorn/text-encoding-identifier-case': 'off',
			// The security tests feed `javascript:` URLs on purpose, to check they are refused.
			'no-script-url': 'off',
			// `.catch(() => {})` and `on('error', () => {})` deliberately drop errors that are handled another way.
			'@typescript-eslint/no-empty-function': 'off',
			// Precedence of `&&` over `||` and `*` over `+` is read as in any C-family language; we parenthesise only to help.
			'@stylistic/no-mixed-operators': 'off',
			// Sorts work on arrays the function has just built (map, filter, spread), so in place is the cheaper copy.
			'unicorn/no-array-sort': 'off',
			// Arrow callbacks return what they call (`onChange={value => dispatch(value)}`); Ink, React and Node ignore it.
			'@typescript-eslint/strict-void-return': 'off',
			// Feed text treats '' as missing (`post.title || post.link`), so `||` is meant where `??` would keep ''.
			'@typescript-eslint/prefer-nullish-coalescing': 'off',
			// Members are ordered as they read: state, then methods in the order they are called.
			'@typescript-eslint/member-ordering': 'off',
			// Sub-reducers (article-state.ts, the tree) handle a few event types and return the state for the others.
			'@typescript-eslint/switch-exhaustiveness-check': 'off',
			// Records keyed by post id (bodies, content) drop entries with delete; they are plain data, not classes.
			'@typescript-eslint/no-dynamic-delete': 'off',
			// Functions passed by name take exactly one argument (`posts.map(slim)`); wrapping them adds nothing.
			'unicorn/no-array-callback-reference': 'off',
			// Retry and paging loops build callbacks that read the current attempt's state on purpose.
			'@typescript-eslint/no-loop-func': 'off',
			// Optional props get their defaults in the destructuring (`{compact = false}`), not in defaultProps.
			'react/require-default-props': 'off',
			// Boolean props are named for what they say (`active`, `compact`), as Ink's own are (`dimColor`, `wrap`).
			'react/boolean-prop-naming': 'off',
			// Measured, not enforced: long functions and lines are flagged for review, not failed.
			complexity: 'warn',
			'@stylistic/max-len': 'warn',
			'max-params': 'warn',
			'max-lines': 'warn',
		},
	},
	{
		files: ['source/feed/html-*.ts'],
		rules: {
			// Turndown parses with domino, whose nodes have no append() or dataset and whose NodeLists are not iterable.
			'unicorn/prefer-spread': 'off',
			'unicorn/prefer-dom-node-append': 'off',
			'unicorn/prefer-dom-node-dataset': 'off',
			'unicorn/prefer-modern-dom-apis': 'off',
		},
	},
	{
		files: ['test/**', 'bench/**'],
		rules: {
			// Tests branch on the platform (root, tmux, WordPress present) and use empty callbacks as stubs.
			'ava/no-conditional-assertion': 'off',
			'ava/no-useless-t-pass': 'off',
			'@typescript-eslint/no-empty-function': 'off',
		},
	},
	{
		files: ['source/feed/**', 'source/store/**', 'source/wordpress/**'],
		rules: {
			// No React below source/ui: a function named `use` in the parser is not a hook.
			'react-hooks/rules-of-hooks': 'off',
		},
	},
	{
		files: ['source/commands/template.ts', 'test/cli-demo.test.ts'],
		rules: {
			// Template filters take whatever a template passes (`String(value)` is their contract), and liquidjs and the
			// untyped screenshot script hand back `any`.
			'@typescript-eslint/no-base-to-string': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
		},
	},
	{
		files: ['test/**', 'bench/**'],
		rules: {
			// Fake stdin/stdout for Ink are Node streams, which are EventEmitters.
			'unicorn/prefer-event-target': 'off',
		},
	},
	{
		files: ['bench/**'],
		rules: {
			// Bench cases load the code under test by path (it may be missing in an old checkout) and check what they got.
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			// A bench case ends its child process with the exit code it measured.
			'unicorn/no-process-exit': 'off',
		},
	},
];

export default xoConfig;
