/** `npm run web:build`: the widget and dashboard bundles into web/dist, with their gzipped sizes. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildWeb } from './web';

buildWeb().then(
  (bundles) => {
    for (const [name, file] of Object.entries(bundles)) {
      const bytes = readFileSync(file);
      console.log(`${name.padEnd(10)} ${file}  ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipSync(bytes).length / 1024).toFixed(1)} KB gzipped`);
    }
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
