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
];

export default xoConfig;
