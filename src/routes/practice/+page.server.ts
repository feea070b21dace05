import { practiceLibrary } from '$lib/server/practice';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ articles: await practiceLibrary() });
