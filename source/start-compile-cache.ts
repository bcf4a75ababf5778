// Built alone into dist/compile-cache.js, the first file dist/cli.js requires (scripts/build.js): the compile cache
// is on before the core chunk is compiled. As CommonJS, __dirname is the bundle's folder.
import {enableBundleCompileCache} from './compile-cache.js';

declare const __dirname: string | undefined;

if (typeof __dirname === 'string') {
	enableBundleCompileCache(__dirname);
}
