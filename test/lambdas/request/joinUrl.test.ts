import { joinUrl } from '../../../lambdas/request/joinUrl';

describe('joinUrl', () => {
  it.each([
    ['https://x.test/v1', '/issues', 'https://x.test/v1/issues'],
    ['https://x.test/v1/', 'issues', 'https://x.test/v1/issues'],
    ['https://x.test/v1', 'issues', 'https://x.test/v1/issues'],
    ['https://x.test', '/issues', 'https://x.test/issues'],
    ['https://x.test/v1/', '/a/b?state=open', 'https://x.test/v1/a/b?state=open'],
    ['https://x.test/v1/', 'https://other.test/list', 'https://other.test/list'],
  ])('joins %s and %s', (base, path, expected) => {
    expect(joinUrl(base, path)).toBe(expected);
  });
});
