/** Who is in a case-discussion group: the caller's groups, and (leaders) inviting more people or removing someone. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { Group, GroupListItem, InviteBody } from './case-discussion-schemas.js';
import { presentGroup } from './case-discussion-views.js';
import { problems, problemsWithBody } from './openapi-responses.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const param = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });

/**
 * Added to the case-discussion routes between `/case-discussions/{groupId}/candidates` and
 * `/case-discussions/sessions/{sessionId}`: Redocly reports a path against the first earlier one
 * it could be confused with, so `sessions/{sessionId}` must meet `{groupId}/sessions` first (the one
 * accepted look-alike, see test/api/openapi-lint.test.ts), not `{groupId}/people`.
 */
export function addPeopleRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussions',
      operationId: 'listMyCaseDiscussionGroups',
      summary: 'The case-discussion groups you are in (accepted), with their host and your role',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Your groups', content: json(z.object({ items: z.array(GroupListItem) })) }, ...problems({ 403: 'Not a person' }) },
    }),
    async (c) => {
      const rows = await c.get('services').caseDiscussions.myGroups(c.get('actor'));
      return c.json({ items: rows.map(({ groupId, groupName, host, role }) => ({ groupId, groupName, host, role })) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/{groupId}/people',
      operationId: 'inviteToCaseDiscussionGroup',
      summary: 'Invite more people to the group (leaders): the same rule as at set-up; someone who declined or was removed may be invited again',
      security: [{ bearer: [] }],
      request: { params: z.object({ groupId: param('groupId') }), body: { required: true, content: json(InviteBody) } },
      responses: {
        200: { description: 'The group', content: json(Group) },
        ...problemsWithBody({ 403: 'Not a leader', 404: 'Not your group', 422: 'Someone who may not be invited, already in the group, or named twice (the field names which)' }),
      },
    }),
    async (c) => c.json(presentGroup(await c.get('services').caseDiscussionSetup.invite(c.get('actor'), c.req.valid('param').groupId, c.req.valid('json'))), 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/case-discussions/{groupId}/people/{userId}',
      operationId: 'removeFromCaseDiscussionGroup',
      summary: 'Remove someone from the group, or withdraw their invitation (leaders); their attendance so far is kept',
      security: [{ bearer: [] }],
      request: { params: z.object({ groupId: param('groupId'), userId: param('userId') }) },
      responses: {
        200: { description: 'The group', content: json(Group) },
        ...problems({ 403: 'Not a leader', 404: 'Not your group, or no such person in it', 409: 'The leaders left would not satisfy the host’s rule' }),
      },
    }),
    async (c) => {
      const { groupId, userId } = c.req.valid('param');
      return c.json(presentGroup(await c.get('services').caseDiscussionSetup.remove(c.get('actor'), groupId, userId)), 200);
    },
  );
}
