import { readFileSync } from 'node:fs';

interface PackageJson {
  readonly name: string;
  readonly version: string;
}

/** Read at load time so the plugin's meta never drifts from the published package. */
export const packageInfo: PackageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as PackageJson;
