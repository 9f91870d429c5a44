import { OrgId } from '@orghealth/domain';
import { z } from 'zod';
import { Flag } from '../source-query.js';
import { TOOL_EXPORT_KINDS } from './tool-export-kinds.js';

export const ToolExportParams = z.object({ orgId: OrgId, kind: z.enum(TOOL_EXPORT_KINDS) });
export type ToolExportParams = z.infer<typeof ToolExportParams>;
export const ToolExportQuery = z.object({ dryRun: Flag });
export type ToolExportQuery = z.infer<typeof ToolExportQuery>;
