import { redactUrl } from '../../../lambdas/http/redactUrl';
import { addSecret, clearSecrets } from '../../../lambdas/secrets/Redactor';

describe('redactUrl', () => {
  afterEach(() => clearSecrets());

  it('masks query parameters named like credentials', () => {
    const url = redactUrl('https://x.test/a?api_key=k1&token=t1&access_token=a&client_secret=s&signature=g&password=p&page=2&key=z');
    expect(url).toBe('https://x.test/a?api_key=***&token=***&access_token=***&client_secret=***&signature=***&password=***&page=2&key=***');
  });

  it('masks registered secret values anywhere in the URL', () => {
    addSecret('s3cr3t-value');
    expect(redactUrl('https://x.test/s3cr3t-value/items?q=s3cr3t-value')).not.toContain('s3cr3t-value');
  });

  it('masks userinfo', () => {
    expect(redactUrl('https://user:pass@x.test/')).toBe('https://***:***@x.test/');
  });
});
