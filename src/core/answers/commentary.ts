// People answer "约95%", "100%（全部办结）", "大概有百分之九十八左右吧". The number is read, and the words
// around it are kept as a note rather than refused. Only words that leave the number as written are
// stripped: "不到95%" or "接近95%" say the value is below 95 and are never read as 95.

const PARTICLES = '(?:吧|啦|了|呢|啊|的|哈)*';
const HEAD =
  /^(?:大概有|大概是|大概|大约有|大约是|大约|约有|约为|约|差不多有|差不多是|差不多|估计有|估计是|估计|应该有|应该是|应该|有)/;
const APPROX_TAIL = new RegExp(`(?:左右|上下|前后|的样子)${PARTICLES}$`);
const AT_LEAST_TAIL = new RegExp(`(?:以上|还多|多一点|多)${PARTICLES}$`);
const PARTICLE_TAIL = new RegExp(`(?<=[\\d%件次元个人户起项])${PARTICLES.replace('*', '+')}$`);

export interface Core {
  /** The number part of the answer. */
  core: string;
  /** "95%以上", "120多件": the number is a lower bound, not the value. */
  atLeast: boolean;
}

/** The answer without its commentary; null when nothing could be stripped. */
export function stripCommentary(s: string): Core | null {
  let core = s.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '');
  // "98%，全部办结": the first part is the number.
  const head = core.split(/[,;:，；：]/)[0];
  if (head) core = head;
  let atLeast = false;
  for (let i = 0; i < 4; i++) {
    const before = core;
    core = core.replace(HEAD, '').replace(APPROX_TAIL, '').replace(PARTICLE_TAIL, '');
    if (AT_LEAST_TAIL.test(core)) {
      atLeast = true;
      core = core.replace(AT_LEAST_TAIL, '');
    }
    if (core === before) break;
  }
  core = core.trim();
  if (core === '' || core === s) return null;
  return { core, atLeast };
}
