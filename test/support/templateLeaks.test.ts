import { startFakeApi } from './fakeApi';
import { templateLeak } from './fakeApi/templateLeaks';

describe('fake API: the template leak scan', () => {
  it.each([
    ['/public/offset/items/%7Bresources.issues.number%7D/comments'],
    ['/public/offset/items?since=%7Bincremental.start_value%7D'],
    ['/public/offset/items/%7Bissue_number%7D/comments'],
    ['/public/offset/items?since=%7B%22type%22%3A%22incremental%22%7D'],
    ['/public/offset/items?q={query}'],
  ])('flags %s', (target) => {
    expect(templateLeak(target)).toBeDefined();
  });

  it.each([['/public/offset/items?filter=%7B%22state%22%3A%22open%22%7D'], ['/public/offset/items?offset=10&limit=10'], ['/public/offset/items/%7B%7D']])(
    'lets %s through',
    (target) => {
      expect(templateLeak(target)).toBeUndefined();
    },
  );

  it('answers a leaking request 400 and fails close() listing it', async () => {
    const api = await startFakeApi({ collections: { items: 3 } });
    const response = await fetch(`${api.baseUrl}/public/offset/items?since=%7Bincremental.start_value%7D`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'template_leak' });
    await expect(api.close()).rejects.toThrow(/1 request\(s\) sent a template unexpanded:\n {2}GET \/public\/offset\/items\?since=%7Bincremental.start_value%7D/);
  });
});
