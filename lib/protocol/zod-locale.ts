/**
 * zod/mini carries no error messages of its own: the English ones are loaded here once, so a refused
 * frame still says what was wrong ("Too big: expected string to have <=128 characters").
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());
