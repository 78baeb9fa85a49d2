/** Jest transformer: TypeScript to CommonJS with esbuild, types stripped, not checked (`npm run typecheck` does that). */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const esbuild = require('esbuild');

// a changed transformer or esbuild must not reuse jest's cached output
const transformerVersion = createHash('sha256').update(readFileSync(__filename)).update(esbuild.version).digest('hex');

module.exports = {
  process(sourceText, sourcePath) {
    const { code } = esbuild.transformSync(sourceText, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: sourcePath,
    });
    return { code };
  },
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256').update(transformerVersion).update(sourcePath).update(sourceText).digest('hex');
  },
};
