// Astro config: the site lives in site/ and is built to a folder synth chooses per release.
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/static',
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' }, // the server's CSP allows no inline style or script
  devToolbar: { enabled: false },
});
