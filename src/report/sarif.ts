import { pathToFileURL } from 'node:url';

import type * as Sarif from 'sarif';

import type { Finding, RuleDescription } from './finding.js';

export const SARIF_FINGERPRINT_KEY = 'scalabilityLint/v1';

export interface SarifInput {
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri: string };
  /** Absolute repository root; result paths are relative to it. */
  readonly root: string;
  readonly rules: readonly RuleDescription[];
  readonly findings: readonly Finding[];
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one reporting descriptor per rule that ran, results with
 * repository-relative locations (`%SRCROOT%`) and our own stable `partialFingerprints`, so an alert
 * keeps its identity when lines move. Parse errors become tool execution notifications.
 */
export function toSarif(input: SarifInput): Sarif.Log {
  const rules = [...input.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const finding of input.findings) {
    const location = physicalLocation(finding);
    if (finding.ruleId === null) {
      notifications.push({ level: 'error', message: { text: finding.message }, locations: [{ physicalLocation: location }] });
      continue;
    }
    const index = ruleIndex.get(finding.ruleId);
    results.push({
      ruleId: finding.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: finding.severity,
      message: { text: finding.message },
      locations: [{ physicalLocation: location }],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    });
  }
  const rootUri = pathToFileURL(input.root.endsWith('/') ? input.root : `${input.root}/`).href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: input.tool.name,
            version: input.tool.version,
            semanticVersion: input.tool.version,
            informationUri: input.tool.informationUri,
            rules: rules.map(reportingDescriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

function reportingDescriptor(rule: RuleDescription): Sarif.ReportingDescriptor {
  const help = rule.docsUrl === undefined ? rule.description : `${rule.description}. See ${rule.docsUrl}`;
  return {
    id: rule.id,
    name: pascalCase(rule.name),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    ...(rule.docsUrl === undefined ? {} : { helpUri: rule.docsUrl }),
    help: { text: help, ...(rule.docsUrl === undefined ? {} : { markdown: `${rule.description}. [Documentation](${rule.docsUrl})` }) },
    defaultConfiguration: { level: rule.level },
    properties: { tags: ['scalability', ...(rule.concern === null ? [] : [rule.concern])], ...(rule.concern === null ? {} : { concern: rule.concern }) },
  };
}

function physicalLocation(finding: Finding): Sarif.PhysicalLocation {
  const region: Sarif.Region = { startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column) };
  if (finding.endLine !== undefined) region.endLine = finding.endLine;
  if (finding.endColumn !== undefined) region.endColumn = finding.endColumn;
  return { artifactLocation: { uri: finding.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' }, region };
}

function pascalCase(name: string): string {
  return name.replace(/(?:^|-)([a-z0-9])/gu, (_, letter: string) => letter.toUpperCase());
}
