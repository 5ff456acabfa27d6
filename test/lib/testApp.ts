/**
 * Test helpers for the CDK app: an App with the feature flags of cdk.json, a
 * fresh stack per call, bundling skipped (template tests do not need the
 * bundle; the end-to-end deploy builds it for real).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadSources } from '../../lib/loadSources';
import type { SluiceStackProps } from '../../lib/SluiceStack';
import { SluiceStack } from '../../lib/SluiceStack';

/** The fixtures directory of these tests. */
export const FIXTURES = join(__dirname, 'fixtures');

/** A new App with cdk.json's context, bundling skipped unless `bundle` is true. */
export function testApp(bundle = false): App {
  const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ context: { ...cdkJson.context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } });
}

/** A fresh SluiceStack of a fixture directory, with its template. */
export function synthFixture(dir: string, props: Partial<SluiceStackProps> = {}): { stack: SluiceStack; template: Template } {
  const stack = new SluiceStack(testApp(), 'Test', { sources: loadSources({ dir: join(FIXTURES, dir) }), ...props });
  return { stack, template: Template.fromStack(stack) };
}

