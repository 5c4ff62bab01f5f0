import { describe, expect, it } from 'vitest';
import { reportFileName, reportFileNameFor, safePart } from '../src/report/file-name.js';
import { makeFlow, makeReport, projectFieldValues, projectItems } from './fixtures/report-fixtures.js';

describe('the name of the .docx a person receives', () => {
  it('reads 单位-项目名称-年度-自评表-第N版', () => {
    expect(reportFileName({ org: '示例县信访局', project: '信访专项业务费', year: 2022, revision: 2 })).toBe(
      '示例县信访局-信访专项业务费-2022年度-自评表-第2版.docx',
    );
  });

  it('takes 单位 and 项目名称 from the answers, so two project forms of one office get two names', () => {
    const flow = makeFlow(projectItems);
    const report = makeReport(flow, projectItems, { ...projectFieldValues, project_name: '驻京信访值班差旅费' });
    expect(reportFileNameFor(flow, report, 1)).toBe('示例县信访局-驻京信访值班差旅费-2024年度-自评表-第1版.docx');
  });

  it('names a department form without a project by its title, without saying 自评表 twice', () => {
    const flow = { ...makeFlow(projectItems), title: '部门整体支出绩效自评表', year: 2021 };
    const report = makeReport(flow, projectItems, { org_name: '示例区信访局' });
    expect(reportFileNameFor(flow, report, 3)).toBe('示例区信访局-部门整体支出-2021年度-自评表-第3版.docx');
  });

  it('falls back to the form’s own 单位 and 项目 when the person left them blank', () => {
    const flow = { ...makeFlow(projectItems), project: '信访工作经费' };
    const report = makeReport(flow, projectItems, {});
    expect(reportFileNameFor(flow, report, 1)).toBe('示例县信访局-信访工作经费-2024年度-自评表-第1版.docx');
  });

  it('drops what Windows or WeChat cannot take in a file name, and keeps full-width brackets', () => {
    const name = reportFileName({
      org: '示例县/信访局:\u0007 ',
      project: '专项<补助>资金*?"|\\（石财行【2021】44号）\u200b...',
      year: 2021,
      revision: 1,
    });
    expect(name).toBe('示例县信访局-专项补助资金（石财行【2021】44号）-2021年度-自评表-第1版.docx');
  });

  it('leaves out a part that is missing instead of printing a blank between dashes', () => {
    expect(reportFileName({ org: '  ', project: '信访专项业务费', revision: 1 })).toBe(
      '信访专项业务费-自评表-第1版.docx',
    );
    expect(reportFileName({ revision: 1 })).toBe('自评表-第1版.docx');
  });

  it('caps a very long name, keeping the 自评表-第N版 end and whole characters', () => {
    const name = reportFileName({
      org: '很长的单位名称'.repeat(10),
      project: '项目😀'.repeat(30),
      year: 2024,
      revision: 12,
    });
    expect([...name].length).toBeLessThanOrEqual(120);
    expect(name.endsWith('-自评表-第12版.docx')).toBe(true);
    // The 单位 part is cut at 40 characters.
    expect(name.startsWith(`${'很长的单位名称'.repeat(10).slice(0, 40)}-`)).toBe(true);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half of an emoji
  });

  it('never ends a part with a dot or a space, which Windows would drop', () => {
    expect(safePart('信访专项业务费 . ')).toBe('信访专项业务费');
    expect(safePart(`${'a'.repeat(39)} b`, 40)).toBe('a'.repeat(39));
  });
});
