import { useEffect, useState } from 'react';
import type { CannedText } from '../../src-shared/api/entities.js';
import type { Reason } from '../../src-shared/domain.js';
import { useApi } from '../api/context.js';

const NONE = { outcomes: [] as CannedText[], notes: [] as CannedText[] };

/** The supervisors' canned outcomes and note templates for a reason, from the local store (offline too). */
export function useCanned(reason: Reason | ''): { outcomes: CannedText[]; notes: CannedText[] } {
  const api = useApi();
  const [canned, setCanned] = useState(NONE);
  useEffect(() => {
    let current = true;
    // An engine without them (an older one) offers nothing: the fields stay free text.
    // No reason picked yet: the ones for every reason.
    api['canned.list'](reason === '' ? {} : { reason }).then((c) => current && setCanned(c), () => current && setCanned(NONE));
    return () => {
      current = false;
    };
  }, [api, reason]);
  return canned;
}
