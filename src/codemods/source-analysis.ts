import { analyze } from '@typescript-eslint/scope-manager';
import { parseAndGenerateServices } from '@typescript-eslint/typescript-estree';
import type { ParserServicesWithTypeInformation } from '@typescript-eslint/utils';
import type ts from 'typescript';

import type { FileAnalysis } from '../analysis/file-analysis.js';
import { forgetFileStats, setParents } from '../analysis/modules.js';
import { DEFAULT_SETTINGS, type ScalabilitySettings } from '../settings.js';

/**
 * The same FileAnalysis ESLint gives the rules, built from the codemod runner's own TypeScript
 * program: typescript-estree reuses the program instead of creating one per file.
 */
export function analysisForFile(
  program: ts.Program,
  filePath: string,
  cwd: string,
  settings: ScalabilitySettings = DEFAULT_SETTINGS,
): FileAnalysis | undefined {
  const sourceFile = program.getSourceFile(filePath);
  if (!sourceFile) return undefined;
  // A run after a --write must see the rewritten files, not the sizes and times noted before it.
  forgetFileStats();
  const { ast, services } = parseAndGenerateServices(sourceFile.text, {
    programs: [program],
    filePath,
    range: true,
    loc: true,
    tokens: false,
    comment: false,
    jsx: filePath.endsWith('x'),
  });
  setParents(ast);
  const typed = services as ParserServicesWithTypeInformation;
  return {
    filename: filePath,
    cwd,
    ast,
    text: sourceFile.text,
    scopeManager: analyze(ast, { sourceType: 'module' }),
    settings,
    types: { program, checker: program.getTypeChecker(), services: typed },
    memo: new Map(),
  };
}
