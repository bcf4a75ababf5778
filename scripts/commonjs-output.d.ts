import type {Metafile} from 'esbuild';

export function toCommonJs(metafile: Metafile, options: {banner: string; minify?: boolean; root?: string}): Promise<Metafile>;
