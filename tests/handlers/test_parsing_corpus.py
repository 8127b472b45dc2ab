"""The phrase corpora: how suppliers and buyers really write, read end to end and scored by
the rule of docs/reading-corpus.md (the same scorer as `supplierbot parse --eval`).

`supplier_phrases.jsonl` grew with the reader; `blind_phrases.jsonl`, `blind_phrases_b.jsonl`,
`blind_phrases_c.jsonl` and `blind_phrases_d.jsonl` were written by four people who never saw the
reader, and the reader was then tuned on all four (by classes of error, never phrase by phrase). `own_held_out*.jsonl` are
the reader's own held-out sets, each written before its misses were looked at, in the issue's
nine classes: the first score of each is the generalisation signal, kept in the commit log. Each
report prints per-intent and per-class accuracy and every miss, so a regression shows what it broke.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from handlers.parsing import INTENTS, ROLES
from handlers.reading_eval import Report, evaluate, format_report, load_corpus

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = DATA / "supplier_phrases.jsonl"
BLIND = DATA / "blind_phrases.jsonl"
BLIND_B = DATA / "blind_phrases_b.jsonl"  # a second writer, who never saw the reader
# A third writer's: scored 88.7% right, 7.2% silent on the reader it first met; since tuned on by
# classes of error (self-accounting, vocabulary, dates, several orders), so it is held to the bar of
# the other tuned corpora now.
BLIND_C = DATA / "blind_phrases_c.jsonl"
# Written by the reader's own maintainer before looking at what it missed (first scores: 91.1% / 5.6%
# silent, 92.7% / 4.5%, 85.6% / 8.2%, 89.3% / 3.6%, 76.9% / 13.5% with two expectations of its own
# wrong, 100% / 0%), then tuned on by class: a floor each, never to fall back. The eighth (reader9, 125 phrases, written before
# its tuning): 84.0% right, 5.6% silent on its first score; of its two misses left, both are 三分之一/三分之二 labelled
# 33/67 by its writer where the house corpus writes 33.3 (the house stands). The seventh (126 phrases in the
# classes where blind E missed, written before reader3's tuning): 82.5% right, 8.7% silent on its first
# score; 6 of its labels then moved to the house convention (bare `做完了`/`done` names no step), which on
# that same reader reads 87.3% / 4.8%.
# A fourth writer's (388 phrases, 28% ordinary traffic). Untuned, the reader it first met (main
# before issue 14's second round) read 80.7% right with 12.4% silent misrecords; the reader after that
# round, still never shown these phrases, 82.5% right, 8.0% silent, 9.3% asked first (10.3% on ordinary
# traffic). Since then tuned on, by classes of error and never phrase by phrase (a second look at the
# whole reading, under-way and arrival words, several orders, buyers' questions, traditional characters):
# 93.8% right, 0.8% silent, 8.8% asked first (8.4% on ordinary traffic); after the tuning by class on E's
# families (reader3: corrections in many words, steps under way, orders sharing words) 94.8% / 0.5%. Where its writer disagrees with
# the house corpus (`1026 60%` is an order and a lone number, asked first;
# `7607还没开始` names no step) the house convention stands, so a few misses remain by design.
BLIND_D = DATA / "blind_phrases_d.jsonl"
# reader6 (下料 decided in_process, a reading unsure of its structure asks first, right-share families
# of its own: the rest to follow with its count, a start promised for a day, a weekday of a thing done,
# a shortage by weight, a plan's day among several, 别记): 96.9% right, 0 silent.
BLIND_D_FLOOR = 380 / 388  # reader8: the shop's words (was 376); reader14z: 379; reader15h: 380
BLIND_D_MAX_SILENT = 0 / 388
# A fifth writer's (339 phrases, 29% ordinary), never tuned on: the exam of issue 14. It read 89.7%
# right, 6.8% silent on the reader it first met, and 90.6% / 5.9% after the tuning on D, which never
# saw it. Its writer corrected 7 labels after scoring (4 now agree with the reader: 7005 质检照片 as
# inspection values, 3248 报废6件 with its count, 3824 月底前发 and 6157 12.9号发 as plans) — check
# those first. Then tuned on by class of error, never phrase by phrase (reader3: corrections in many words,
# steps under way, buyers' free questions, orders sharing words, shape slips, days read as next year's):
# 97.1% right, 1.8% silent. Of the 6 silent left, 5 are where its writer disagrees with the house corpus
# (a bare `做完了` names no step; a first article made or sent `等你们确认` was done until stop 28's ruling) and one a count corrected
# with no word of what was counted (`数量错了 是800个`, qty or qty_done).
BLIND_E = DATA / "blind_phrases_e.jsonl"
# reader6: its 6 silent are now asked first (a done with no step, a first article awaiting the buyer's
# verdict, a count corrected without saying of what): 97.3% right, 0 silent, 8.1% ordinary asked first.
BLIND_E_FLOOR = 332 / 339  # reader15h: line 339 (第二批到货了, no lot_seq) is now its writer's disagreement with the house; 247 read right; first article awaiting its verdict ruled begun (stop 28): 332
BLIND_E_MAX_SILENT = 0 / 339
# A sixth writer's (388 phrases, 27% ordinary), committed unchanged before tuning. On the reader it
# first met (main, with issue 14's E round under way) it read 88.9% right, 7.0% silent, 7.5% asked first
# (1.9% on ordinary traffic). Tuned on by families of error, never phrase by phrase (a duration on a
# second delay word, a count after a counting verb is no order, a step not begun, the rest to follow is
# not all shipped, a lot holding the order's digits, undo in other words, orders listed together, ...):
# 97.4% right, 2.3% silent, 6.2% asked first (0% on ordinary traffic). The silent misses left are where
# its writer and the house disagree, and the house convention stands (下料/开料, the first process here
# then, has since been decided in_process, as C, D and F wrote it), a bare 下午发 names no day
# (F: today; E: no day), 重新淬火 alone is no rework (house: 重新电镀 is none), an undo naming its order
# keeps the order; a bare `做完了`/`done` names no step (as for E). No label of F was found plainly
# wrong by docs/reading-corpus.md.
BLIND_F = DATA / "blind_phrases_f.jsonl"
# reader6: 下料 now in_process as F wrote it (2 right), and the doubt rules: 98.2% right, 1 silent (an undo
# naming its order keeps the order: the house convention).
BLIND_F_FLOOR = 381 / 388  # 381 until the first article awaiting its verdict was ruled begun (stop 28): line 77 reads it done; reader17b: 381
BLIND_F_MAX_SILENT = 1 / 388
# A seventh writer's (383 phrases, 39% ordinary: a fortnight of twelve shops' chats), written beside F and
# never shown to the reader's tuners: the exam after the E and F rounds. It read 84.3% right, 7.0% silent,
# 7.3% asked first on main's reader before those rounds, and 85.9% right, 6.0% silent, 7.0% asked first
# (4.1% on ordinary traffic) after them: tuning E and F to ~97% moved it by 1.6 points, so what a round
# fixes does not yet carry to new writers. Its writer changed no label after scoring. Of the 23 silent,
# some are where it and the house disagree (a count with a process verb, 镀好了八百, names no step for
# it; 公斤 written as `kg`; a bare 全部做完了 is in_process; a QC's 来料合格 is the buyer's receipt); the
# rest are real: a buyer's question read as a report (是不是全发完了, 怎么老延期), a second order read as
# a count or lost in a reason (4128喷好了 4153还在前处理, 延期到周五 4163 发货了), a second fact lost.
# Held at its first figure until it was tuned on for those four dangerous families (question forms, a next
# order after a fact, a done step after a reason): 87.2% right, 4.4% silent (17), 4128… now asked first.
BLIND_G = DATA / "blind_phrases_g.jsonl"
# reader6 designed its doubt rules on C, D, E, F and own_held_out* only and then scored G once, as the
# held-out figure: silent 17 -> 13 after the doubt rules (87.5% right), then 14 and 87.2% right after the
# right-share families (which G did not favour: one of them costs G a phrase; not tuned on G).
BLIND_G_FLOOR = 373 / 383  # reader15ij (锻件做完了 is the making): 371; stop 27, a count beside a one-character step verb is a bare count: 370; reader8: 334 -> 352; reader9: 352 -> 363; reader14ab: 366 (来料合格 from QC is the receipt); stop 30 (reader18/19): 372; reader22b: 373
# reader7's round (designed on H and I, never per phrase): G 14 -> 10 silent, right unchanged.
BLIND_G_MAX_SILENT = 3 / 383  # reader15ij: 3; stop 27 (bare counts): 4; reader14ab: 8; reader8: 10 -> 9 (reader9: the 9 left are mostly 镀好了八百-like counts, the house reads a step)
# Two more writers (H: 433 phrases as small shops' WeCom contacts, dialect, emoji and pinyin typos; I: 388
# as a supplier-quality engineer's view of office staff, QC, warehouse and mixed Chinese-English), each
# given only the issue's classes, docs/reading-corpus.md and the brief, written the same afternoon and
# committed unchanged. First met on main b7bb8b2: H 89.4% right, 5.1% silent, 8.3% asked first; I 90.2%,
# 4.9%, 6.4%. After reader6's round (designed without them): H 90.1% / 4.2% (18), I 90.5% / 4.1% (16).
# Their silent misses are mostly words nobody taught the reader in a shape it trusts: a typo'd or
# dialect "done"/"shipped" (搞掂, 通国, 出huo, 发咗货, 走货), a defect word outside the list beside a
# count (长度短了 有25件), 缺货 read as material not ready, lot codes beside a defect or receipt.
BLIND_H = DATA / "blind_phrases_h.jsonl"
# reader7 (a part read from no known word asks first; shipping words, Cantonese, half-pinyin keywords,
# X缺货, lot codes, question words): H 91.5% / 0.5% (2), I 92.0% / 1.0% (4).
BLIND_H_FLOOR = 424 / 433  # reader8: 396 -> 408; reader9: 408 -> 411; reader14z: 418; stop 30 (reader18/19): 419; reader20a: 420; reader21: 421; reader22b: 423; round 28-29 merged: 424
BLIND_H_MAX_SILENT = 1 / 433  # reader9: 2 -> 1
BLIND_I = DATA / "blind_phrases_i.jsonl"
BLIND_I_FLOOR = 378 / 388  # reader8: 357 -> 362; reader9 (with reader_vocab merged): 362 -> 367; reader15h: 373; reader16b: 374; reader16a: 375; stop 30 (reader18/19): 376; reader20a: 377; reader22a: 378; reader22b: 378
BLIND_I_MAX_SILENT = 0 / 388  # reader15h: 1; reader20a: 0
# The exam for reader7's round: two more writers (J: 364 phrases, an order follower's fast voice-typed
# reports and the buyers' answers; K: 382, workshop owners' short or rambling words, T9 wrong characters,
# weights and bundles), written while reader7 worked and scored once on main after reader6 (first met), then
# once on reader7's result, never shown to a tuner before that. J 89.6% right, 2.5% silent, 9.3% asked first
# -> 89.6%, 2.2% (8), 9.6%; K 83.8%, 5.0%, 9.9% -> 84.6%, 3.1% (12), 11.8%. Reader7 took H and I from 4.2%
# and 4.1% silent to 0.5% and 1.0%; on new writers its doubt rules cut silent misrecords by a tenth (J) and
# by two fifths (K), and moved right by under a point: the silent share transfers in part, the right share not.
BLIND_J = DATA / "blind_phrases_j.jsonl"
# reader8 designed on J and K by family, from the trade's vocabulary first (handlers/shop_words.py: process
# steps, defects by category, gauges, stock where it arrives or runs short), then state words, buyers' free
# words, counts in thousands, dialect days and month days, an order said to be the right one:
# J 89.6% / 8 silent -> 98.1% / 1; K 84.6% / 12 -> 97.1% / 5 (tuned on now: no longer an exam).
BLIND_J_FLOOR = 362 / 364  # reader9: 357 -> 359; stop 30 (reader18/19): 361; reader20a: 362
BLIND_J_MAX_SILENT = 0 / 364  # reader20a: 0
BLIND_K = DATA / "blind_phrases_k.jsonl"
BLIND_K_FLOOR = 377 / 382  # reader9: 371 -> 373; reader14z: 376; reader22a: 377
BLIND_K_MAX_SILENT = 1 / 382  # reader14z: 4; reader14de: 3; reader20a: 2; reader22a: 1
# The exam for reader8's round (a shop's vocabulary written from the trade, not from the misses, plus J's and
# K's families): two more writers (L: 394 phrases, electronics-adjacent mechanical suppliers and their SQE in
# a semi-formal business register, ERP numbers, some English; M: 360, automotive subcontractors' young
# workers in the north-east: same-sound wrong characters, northern colloquial words, stickers in words),
# written while reader8 worked and scored once before it landed (first met) and once after. L 84.5% right,
# 4.6% silent, 9.1% asked first (9.3% on ordinary) -> 88.1%, 4.1% (16), 7.4% (8.0%); M 82.2%, 2.8%, 13.1%
# (12.0% on ordinary, over the 10%: reader7's doubt rules asked too often on a new register) -> 89.2%,
# 2.2% (8), 9.7% (7.7%). Vocabulary from the trade moved new writers' right share by 4-7 points, where
# the earlier family rounds moved it by about one.
# reader9 tuned on L and M (with G, H, I) by family, never per phrase: two shipments in one message, a defect beside
# "the rest passed" and a sample's size, packages with a count each, a share of what is left,
# the first article's own check, readings under an unknown label, defects by the shape of their words, a removal step,
# what the buyer is asked to do, fragments asked back, staff asking in free words. L 88.1% / 16 silent -> 94.7% / 13; M 89.2% / 8 -> 95.0% / 4, with reader_vocab's
# words merged (main with those words alone: L 90.1% / 3.8%, M 90.6% / 1.9%).
# Of L's silent left, 7 are 交货 read as shipping (the house corpus: `12月3号交货` names no node; other writers
# disagree among themselves on 交不了), so the house convention stands; as it does for a count made by a step
# (`车好了800件`: the house reads in_process, tests/handlers/test_reading_accounting.py; G, I and M a count of no step).
# reader12uv changed the 交货 convention (blind I, L and V read it so): 交货 as a verb is the shipped node, 交货期 none.
BLIND_L = DATA / "blind_phrases_l.jsonl"
BLIND_L_FLOOR = 389 / 394  # reader14z: 381; a Latin unit a word of its own (PCB holds no pc): 383; reader16a: 384; stop 30 (reader18/19): 386; reader22a: 389; reader22b: 387
BLIND_L_MAX_SILENT = 2 / 394  # reader14z: 6; reader22a: 2
BLIND_M = DATA / "blind_phrases_m.jsonl"
BLIND_M_FLOOR = 356 / 360  # reader14z: 348; bare counts (stop 27): 350; reader15ij: 351; reader16b (淬完火): 352; reader22b: 354; r33dd: 355; round 41: 356
BLIND_M_MAX_SILENT = 0 / 360  # reader14z: 2; bare counts: 0
# The exam for reader_vocab's and reader9's round: two more writers, shown only the issue's classes, the corpus
# form, the brief and the source article (N: 405 phrases, casting, forging and sheet-metal shops typing by voice or
# handwriting input, run-on messages with two or three facts, numbers as a speech engine writes them; O: 381,
# moulding, die-casting, anodising and printing shops in Dongguan, Shenzhen and Vietnam writing Chinese, Cantonese
# and English in one line, a third of the lines in English). Each was scored once on main before the round
# landed (first met) and once after. N 76.0% right, 4.4% silent (18), 18.2% asked first on ordinary ->
# 79.0%, 3.5% (14), 17.8%; O 71.7%, 8.7% (33), 9.0% -> 75.9%, 8.7% (33), 8.6%. A new register costs
# 15-20 points on first meeting; the round's vocabulary and families moved it by 3-4. N's ordinary traffic
# asks first far over the 10%, so N was not yet in the test of that share below.
# reader10n took N as its design set: first 320/405 right, 14 silent, 17.8% ordinary asked first; now
# 381/405, 8 silent, 5.0% (the doubt rules made precise for voice input: parts and tooling named before a
# report, speech-engine numbers, a check in a first-article message, 单号NNNN), so N joins that test.
BLIND_N = DATA / "blind_phrases_n.jsonl"
BLIND_N_FLOOR = 392 / 405  # reader17a's lot ruling (AO AQ AR AS against N: line 5825's 批号 到货了 done): 388; reader14de: 384; bare counts: 385; reader15h: 387; reader15ij: 388; reader16a: 389; stop 30 (reader18/19): 389; reader20a: 390; reader22a: 392; reader22b: 391
BLIND_N_MAX_SILENT = 1 / 405  # reader17a's lot ruling: 4; reader14de: 6; bare counts: 5; reader14f: 4; reader15h: 3; reader20a: 3; reader22a: 2; r32cw: 1
BLIND_O = DATA / "blind_phrases_o.jsonl"
BLIND_O_FLOOR = 371 / 381  # reader17a (在X at the end, a step by its slot): 363; first 289 (75.9%); reader10o (the register: 出咗/已出, 紧, ETD, Cantonese words, shipp/shiping, CTN x 80pcs, already/running, English undo/correct, 都系 for the next order, what is short arrives, a supplier asked about this month): 359; reader14z: 361; first article awaiting its verdict ruled begun (stop 28): 362; stop 30 (reader18/19): 364; reader20a: 365; reader22a: 371; reader22b: 370
BLIND_O_MAX_SILENT = 1 / 381  # first 33 (8.7%); reader10o: 4; reader14z: 3; reader20a: 2; reader22a: 1
# The exam for reader10n's and reader10o's round (N's voice-input Chinese and O's Cantonese and English, each
# tuned on by family): two more writers (P: 356 phrases, precision machining for medical devices in a tidy QA
# register with measured values, heat numbers, certificates and split lots, and tired short lines at night;
# Q: 328, heavy forgings and weldments in the north-west, few pieces, tons, long delay reasons, NDT), scored
# on main before the round landed and after. P 86.2% right, 6.2% silent (22), 19.4% asked first on ordinary
# -> 86.2%, 6.2% (22), 19.4%; Q 80.2%, 10.4% (34), 12.6% -> 81.1%, 11.0% (36), 9.3%. The round took N from
# 79.0% to 94.1% and O from 75.9% to 94.2%, and moved the new writers by 0 and 1 point: tuning on a register
# holds for that register and does not carry to the next one. P's ordinary traffic asks first far over the
# 10%, so P is not yet in the test of that share below.
# reader11p tuned on P by family (the QA register: grades 316L/17-4PH/TC4, heat and certificate numbers and AQL
# levels are codes; its papers, stock and steps are known words; 0不良 is no defect; a report mailed is no
# shipment; a counted receipt booked in is done; 明天再看 is no plan; 待终检 waits like 等终检; Φ before a measured value is a diameter, Φ8 a size of stock; 今天到的 is arrived; 在抛 is polishing; 要重打 is rework): ordinary asked first 19.4% -> 3.1%, so P
# joins that test.
BLIND_P = DATA / "blind_phrases_p.jsonl"
BLIND_P_FLOOR = 350 / 356  # first 307 (86.2%); reader11p: 339 (95.2%); bare counts (stop 27): 345; reader14f: 346;; stop 30 (reader18/19): 348; reader20a: 349; reader22a: 350
# the next step's plan ruled (stop 28): 347
BLIND_P_MAX_SILENT = 1 / 356  # first 22 (6.2%); reader11p: 10 (2.8%); bare counts: 4; reader14f: 3; reader15ij: 2; reader22a: 1
BLIND_Q = DATA / "blind_phrases_q.jsonl"
# Q (reader11q, its design set): first 81.1% right, 11.0% silent (36); now 87.2%, 5.2% (17), 8.8% asked (with reader11p merged).
# Q's writer reads a warehouse's counted receipt (`今天收货3套`, `到货1件 … 已卸车`) as the receipt made; the
# house convention (docs/reading-corpus.md; supplier_phrases `1009 收货500件`) keeps a bare count not done, as
# 500 of 1,000 received must not close the node: those two lines stay misses (reader11q reached 286 / 17).
# reader12s tuned on Q and S by family (a part's spec is no count; a receipt accepted is made; a step not done is a
# delay's reason; clauses that do not agree: hearsay, pieces in two states, a clause taking back the last, a plan's
# day gone; a bare report with no order names it first; undo then a fact; the rest with its day a plan; counts and
# shares left; hardness after a step; parts pointed at): Q 284 / 19 silent -> 307 / 6, S 328 / 18 -> 355 / 3
# (with reader12r merged: Q 308 / 6, S 358 / 3).
# Of Q's 6 silent left, 5 are where its writer and the house disagree (a counted receipt unloaded is not the receipt
# made: 到了1台 卸车完了, 今天收货3套, 到货1件 已卸车; a count with 加工 is in_process: 加工完9根, 加工好了十件), one a
# reason written apart (停了一天电 for 停电). Of S's 3: 交期改到 names no node in the house corpus (2), 点过了 is no
# receipt made (1).
BLIND_Q_FLOOR = 316 / 328  # reader12s: 308; reader16a (an order left in a reason is the order): 308; stop 30 (reader18/19): 310 (line `3`, its writer asks back: a bare one- or two-digit number is a menu pick, unknown, by the doc); reader22b: 313; stop 33: 315; round 34: 316
BLIND_Q_MAX_SILENT = 5 / 328  # reader12s: 6; 7 once reader12t reads 趴 as %: line 216 (机加工完成80趴), where Q and the house disagree on 加工
# The exam for reader11p's and reader11q's round (P's QA register: codes, grades and heat numbers never counts;
# Q's heavy forgings: testing is a step, new counters ship, crews are no counts): two more writers (R: 339
# phrases, south-western family workshops' short lines with prices beside counts; S: 371, valve clerks pasting
# spreadsheet rows with DN/PN/inch sizes beside counts), scored on main before the round and after.
# R 90.0% right, 0.9% silent (3), 22.1% asked first on ordinary -> 90.0%, 0.9%, 20.5%; S 87.3%, 5.9% (22),
# 7.1% -> 90.0%, 3.2% (12) with the round alone, 88.4%, 4.9% (18) after the house's receipt convention was
# restored (S, like Q, reads a warehouse's counted receipt as done). Blanking codes carried to S's sizes;
# nothing carried to R. R's ordinary traffic asks first far over the 10%, so R is not yet in that test below.
# reader12r tuned on R by family (what carries no fact: stickers and captions in brackets, money beside a count and
# how it is paid, regional particles; south-western words folded to the standard ones; a part named before its step;
# corrections in other words): ordinary asked first 20.5% -> 1.1%, right 90.0% -> 98.8%, silent 3 -> 0, so R joins
# that test. Of its misses left, two are where its writer and the house differ (`要重新酸洗` as rework, as against
# supplier_phrases' `需要重新电镀`; `数量错了 是800个` as `qty`), and both are asked first.
BLIND_R = DATA / "blind_phrases_r.jsonl"
BLIND_R_FLOOR = 338 / 339  # first 305 (90.0%); reader12r: 335; reader17b: 337; stop 30 (reader18/19): 338
BLIND_R_MAX_SILENT = 0 / 339  # first 3; reader12r: 0; reader17b: 0
BLIND_S = DATA / "blind_phrases_s.jsonl"
BLIND_S_FLOOR = 362 / 371  # reader12s: 358; reader14z: 359; reader15h: 360; reader17b's ruling by count: 359 (还剩四成没车, a share; stop 30 (reader18/19): 361; reader22b: 362
# left with a one-character verb, names no node: AE AO AQ against S)
BLIND_S_MAX_SILENT = 4 / 371  # reader17b: 4, line 264 by the ruling above
# T (388 lines; Taiwanese-, Japanese- and Korean-owned suppliers, partly in traditional characters): 59.8% right,
# 11.6% silent (45), 20.4% asked first on ordinary at first meeting; reader12t (OpenCC's character folding and the
# register's words) reached 95.6%, 1.3% (5), 2.2%. Held a little under that.
BLIND_T = DATA / "blind_phrases_t.jsonl"
BLIND_T_FLOOR = 386 / 388  # reader14z and reader14ab merged: 374; reader15h: 375; first article awaiting its verdict ruled begun (stop 28): 376; stop 30 (reader18/19): 377; reader20a: 379; reader22a: 386; reader22b: 385
BLIND_T_MAX_SILENT = 0 / 388  # reader14ab: 3 (a first article sent over is shown first); reader20a: 1; reader22a: 0
BLIND_U = DATA / "blind_phrases_u.jsonl"
BLIND_U_FLOOR = 359 / 363  # reader18b: 357; reader12uv reached 346/363 and 7 silent (first met 276 and 25); reader14z: 349; reader15h: 352; reader15ij: 356; reader20a: 358; round 28-29 merged: 359
BLIND_U_MAX_SILENT = 1 / 363  # reader14z: 7; reader15h: 5; reader15ij (all: false read as no all): 2; reader20a: 1
BLIND_V = DATA / "blind_phrases_v.jsonl"
BLIND_V_FLOOR = 353 / 361  # reader12uv reached 349/361 and 3 silent (first met 227 and 21); reader14z: 351; reader17b: 352; reader22b: 353
BLIND_V_MAX_SILENT = 3 / 361  # reader14z: 3
# W, X and Y (368, 407, 358 lines; plain everyday traffic of equipment, machinery and auto-parts makers and their
# subcontractors): the exam of the reader12r/s/t/uv round, not seen by it. First met (main 4942881) 94.8% / 1.9%,
# 95.6% / 2.0%, 91.3% / 5.3% right / silent; after the round 95.1% / 1.6%, 97.3% / 0.5%, 95.3% / 2.0%. Held there;
# W and Y, tuned on by family in reader13wy (their silent misrecords only), raised to 96.7% / 0.0% and 96.9% / 0.3%.
BLIND_W = DATA / "blind_phrases_w.jsonl"
BLIND_W_FLOOR = 367 / 368  # reader14z: 367
BLIND_W_MAX_SILENT = 0 / 368
BLIND_X = DATA / "blind_phrases_x.jsonl"
BLIND_X_FLOOR = 404 / 407  # 396 after the reader12 round; 397 after reader13wy; reader14z: 403; reader15h: 403 (line 174, a receipt's batch with no lot_seq, is now a disagreement; line 4 read right); stop 30 (reader18/19): 404
BLIND_X_MAX_SILENT = 0 / 407  # 2 after the reader12 round; 1 after reader13wy; reader14z: 0
BLIND_Y = DATA / "blind_phrases_y.jsonl"
BLIND_Y_FLOOR = 354 / 358  # reader14z: 350; reader14ab: 348; merged: 351; reader20a: 352; stop 33: 353; round 38: 354
BLIND_Y_MAX_SILENT = 0 / 358
# Z (345 lines; plain traffic of a pump and compressor maker): the exam of reader13wy (W's and Y's silent misses),
# never tuned on: 94.8% right, 2.0% silent (7) before that round and after it. Held there.
BLIND_Z = DATA / "blind_phrases_z.jsonl"
BLIND_Z_FLOOR = 343 / 345  # reader14z: 342; reader15ij: 343
BLIND_Z_MAX_SILENT = 0 / 345  # reader14z: 0
# AA (386; HVAC maker in Foshan/Shunde, Cantonese-tinged), AB (360; switchgear maker in Yueqing, voice input), AC (384;
# precision and medical parts in Suzhou, 1 line in 5 English): written blind in stop 27, first met on main 160aa22.
BLIND_AA = DATA / "blind_phrases_aa.jsonl"
BLIND_AA_FLOOR = 376 / 386  # reader18b: 371; reader16b: 369; first 331 (85.8%); reader14ab: 358 (92.7%); with reader14z: 362 (93.8%); reader14de: 363; bare counts: 364;; reader20b: 372; reader22b: 376
# the scorer's done:false rule: 366; first article awaiting its verdict ruled begun (stop 28): 368
BLIND_AA_MAX_SILENT = 0 / 386  # first 20 (5.2%); reader14ab: 3 (0.8%); bare counts: 2
BLIND_AB = DATA / "blind_phrases_ab.jsonl"
BLIND_AB_FLOOR = 354 / 360  # reader18b: 348; reader17a (a step by its slot, 返喷 rework): 344; reader16b (漏压端子, 压端子 a step): 338; reader16a: 341; first 322 (89.4%); reader14ab: 332 (92.2%); with reader14z: 333; bare counts: 334; reader14f: 335; stop 30 (reader18/19): 350; reader20a: 351; reader22b: 353; round 34: 354
BLIND_AB_MAX_SILENT = 2 / 360  # first 9 (2.5%); reader14ab: 4 (1.1%); bare counts: 3; reader20a: 2
BLIND_AC = DATA / "blind_phrases_ac.jsonl"
BLIND_AC_FLOOR = 377 / 384  # first 360 (93.8%); reader14ab: 370 (96.4%); with reader14z: 371; first article awaiting its verdict ruled begun (stop 28): 372; reader22a: 376; reader22b: 375; stop 33: 377
BLIND_AC_MAX_SILENT = 3 / 384  # first 10 (2.6%); reader14ab: 4 (1.0%); reader22a: 3
# AD (369; farm-machinery and small-engine maker in Changzhou/Wuxi, Wu words) and AE (400; e-bike and motorcycle parts
# in Taizhou with Chongqing suppliers): written blind in stop 27, first met on main 160aa22.
BLIND_AD = DATA / "blind_phrases_ad.jsonl"
BLIND_AD_FLOOR = 363 / 369  # reader18b: 360; reader14de: 354; reader16b (齿坯 is stock): 356; reader16a: 357; reader22a: 362; r30cl: 363
BLIND_AD_MAX_SILENT = 0 / 369  # reader14z: 3; reader14de: 1; reader22a: 0
BLIND_AE = DATA / "blind_phrases_ae.jsonl"
BLIND_AE_FLOOR = 396 / 400  # reader18b: 390; first 364; reader14ab (never tuned on AE): 367; with reader14z: 369; reader14de: 382 (95.5%); bare counts: 383; reader15h: 384; reader15ij: 385; reader17b: 388; stop 30 (reader18/19): 392; reader20a: 393; reader22b: 396
# first article awaiting its verdict ruled begun: 386
BLIND_AE_MAX_SILENT = 0 / 400  # first 14; reader14ab: 11; reader14de: 2 (0.5%); bare counts: 1; reader17b: 0
# AF (359; food-packaging machinery in Ruian and kitchen appliances in Zhongshan) and AG (371; printing and textile
# machinery in Qingdao/Weifang, suppliers in Hebei and Liaoning, 1 line in 12 English): the exam of stop 27's round
# (reader14z, reader14ab, reader14de), never tuned on. First met (main c683351, the reader of 160aa22) 93.0% / 2.5% and
# 94.6% / 1.1% right / silent; after the round 93.9% / 1.7% and 96.0% / 0.5%. Held there.
BLIND_AF = DATA / "blind_phrases_af.jsonl"
BLIND_AF_FLOOR = 351 / 359  # reader14f (supplier's 收到, a shipping verb planned): 339; share before a delay, bare defect: 341; stop 30 (reader18/19): 347; reader20a: 348; reader22b: 351
BLIND_AF_MAX_SILENT = 1 / 359  # reader14f: 4, then 2; reader20a: 1
BLIND_AG = DATA / "blind_phrases_ag.jsonl"
BLIND_AG_FLOOR = 368 / 371  # reader18b: 363; reader17a (a step by its slot): 362; reader14f (waiting in English, a batch done): 358; reader15h: 359; reader16a and b merged: 361; stop 30 (reader18/19): 364; reader22b: 366; round 28-29 merged: 367; round 41: 368
BLIND_AG_MAX_SILENT = 0 / 371  # reader14f: 0
# AH (359; car-seat and body stamping in Changchun, Northeast Mandarin), AI (363; lighting and furniture hardware in
# Zhongshan and Jiangmen, Cantonese-tinged voice input) and AJ (360; rail-transit equipment in Zhuzhou, Hunan speech):
# written at stop 28 and first met on main e6ffab5 at 88.6% / 5.8%, 93.7% / 2.8% and 91.9% / 3.6% right / silent.
BLIND_AH = DATA / "blind_phrases_ah.jsonl"
BLIND_AH_FLOOR = 352 / 359  # first met: 318; 323 after the scorer's done:false rule; reader15h (tuned on AH): 350; the
# next step's plan ruled: 351; first article awaiting its verdict ruled begun: 352
BLIND_AH_MAX_SILENT = 1 / 359  # first met: 21; 16 after the scorer's rule; reader15h: 2; reader20a: 1
BLIND_AI = DATA / "blind_phrases_ai.jsonl"
BLIND_AI_FLOOR = 356 / 363  # first met: 340; reader15h: 345; reader15ij: 353 (97.2%); 352 once a step's next step; stop 30 (reader18/19): 354; reader20b: 355; reader22b: 356
# of the same node on a day to come was ruled a plan (line 212 wants none; fifteen lines against three want one); the first
# article awaiting its verdict ruled begun: 353
BLIND_AI_MAX_SILENT = 3 / 363  # first met: 10; reader15h: 5; reader15ij: 3 (0.8%); that ruling: 4; round 36: 3
BLIND_AJ = DATA / "blind_phrases_aj.jsonl"
BLIND_AJ_FLOOR = 346 / 360  # first met: 331; reader15h: 339; reader15ij: 347 (96.4%); that ruling: 345 (AJ's lines; round 28-29 merged: 346
# 8, 55, 193 want no plan; its writer and AI's are the three against fifteen)
BLIND_AJ_MAX_SILENT = 5 / 360  # first met: 13; reader15h: 7; reader15ij: 4 (1.1%); that ruling: 7; reader20a: 6; reader22a: 5
# AK (364; hydraulic cylinders, Xuzhou), AL (332; solar inverters, Hefei/Changzhou, tech shorthand), AM (333; marine
# valves, Zhoushan/Ningbo, Wu and Minnan) and AN (357; medical beds, Hebei): the exam of stop 28's round (reader15h,
# reader15ij), never tuned on. First met 88.2/4.7, 84.6/2.4, 85.6/3.3, 92.4/1.4 right/silent; after the round 88.5/3.8,
# 84.6/2.1, 85.9/2.7, 91.3/1.7; after the next-step plan ruling (taken with them in view) what they hold here.
BLIND_AK = DATA / "blind_phrases_ak.jsonl"
BLIND_AK_FLOOR = 348 / 364  # reader18b: 340; reader17b merged: 337; reader17a (a step by its slot: 衡磨中; 退镀重镀 rework): 336; reader16b (Shandong 木, 不中, 夹渣): 327; reader16a merged: 334; 325, then 324: line 63 reads a first article awaiting its verdict done, as the old doc did; reader20a: 341; reader22b: 345; stop 33: 346; round 27: 347; round 28-29 merged: 348
BLIND_AK_MAX_SILENT = 4 / 364  # reader17a: 10; reader16b: 13; reader16a merged: 12 (lines 160 and 192, 首件合格 开始批量 read with the; reader20a: 4
# making begun, are AK's against 60 lines of every corpus that read it so)
BLIND_AL = DATA / "blind_phrases_al.jsonl"
BLIND_AL_FLOOR = 313 / 332  # reader16b (parts by their head, kitchen and harness words): 290; reader16a merged (stock by any name, PCB光板到了 ok了, 压端子, DIP, electrical tests): 310; 282; the first article ruling: 283; PCB holds no pc (its orders found again): 284; stop 30 (reader18/19): 312; reader22b: 313
# 8 silent: with its order found, line 207 (PCBA有3块少件 漏贴) is left with the category alone, 少件 read `quantity`
# where its writer files a step left out as `other`
BLIND_AL_MAX_SILENT = 3 / 332  # reader16b: 7; reader16a merged: 3 (line 192's 昨天 is its writer's slip: sent on the 7th, he dates it the 5th)
BLIND_AM = DATA / "blind_phrases_am.jsonl"
BLIND_AM_FLOOR = 326 / 333  # reader18b: 314; reader16a merged: 313; 288; the first article ruling: 289; reader16b (tuned on AM: Wu 弗/侬/伐, 船检, parts by their head): 312; stop 30 (reader18/19): 318; reader20a: 319; reader22a: 324; reader22b: 323; stop 33: 325; round 28-29 merged: 326
BLIND_AM_MAX_SILENT = 2 / 333  # reader16b: 3 (在等料 as a shortage, 2 to 1 against; a step back with a defect; a delay said twice); reader22a: 2
BLIND_AN = DATA / "blind_phrases_an.jsonl"
BLIND_AN_FLOOR = 346 / 357  # reader17a (返 rework): 342; reader16b (tuned on AN: 不中, 咋着也, 撤了, 缩痕/脱粉, 缩管, 完乐): 341; stop 30 (reader18/19): 343; reader22b: 344; stop 33: 345; round 34: 346
BLIND_AN_MAX_SILENT = 1 / 357  # reader16b: 3, each a writer against the house (都发完了 of several: 7 lines to 1 read all); reader22a: 2; round 27: 1
# AP (357; range hoods and gas stoves, Shunde/Foshan, written Cantonese and factory English): a tuning corpus of stop 29's round, committed unchanged before tuning.
# First met: 86.8% right, 3.1% silent, 5.9% of ordinary lines asked first.
BLIND_AP = DATA / "blind_phrases_ap.jsonl"
BLIND_AP_FLOOR = 349 / 357  # reader16b (tuned on AP: Cantonese 喺度/左/返嚟/同, glass, enamel and harness words): 346 (96.9%); reader22b: 347; r30cl: 348; r31d: 349
BLIND_AP_MAX_SILENT = 5 / 357  # reader16b: 5, four of them 变形 filed appearance (six writers file it dimension)
# AQ (368; tillers and seeders, Weifang, Shandong speech, farm-season rushes): a tuning corpus of stop 29's round, committed unchanged before tuning.
# First met: 82.6% right, 5.7% silent, 8.1% of ordinary lines asked first.
BLIND_AQ = DATA / "blind_phrases_aq.jsonl"
BLIND_AQ_FLOOR = 362 / 368  # merged with reader18a: 355 (line 34 below); reader18b alone: 356; reader17b merged: 355; reader17a (a lot come in, no done): 353; reader16b (tuned on AQ: Shandong day words, 木, 恁, gear-shop words, staff questions): 352 (95.7%); stop 30 (reader18/19): 357; reader20b: 359; reader22b: 360; round 28-29 merged: 361; r41pq: 362
BLIND_AQ_MAX_SILENT = 0 / 368  # OPEN: 2 once reader18a and reader18b merged, line 34 (8699 刀轴焊好了 400根 read with no node, not shown first; each branch alone asked or read it right); reader17b merged: 1; reader16b: 3; reader17a: 2; reader20b: 1; reader20a: 0
# AO (401; garden tools and outdoor furniture, Yongkang/Wuyi, voice input, Wu words): a tuning corpus of stop 29's round, committed unchanged before tuning.
# First met: 73.6% right, 6.5% silent, 17.7% of ordinary lines asked first.
BLIND_AO = DATA / "blind_phrases_ao.jsonl"
BLIND_AO_FLOOR = 393 / 401  # reader18b: 382; reader17b merged: 380; reader17a (a lot come in, no done): 377; reader16b (not tuned on AO; Wu 弗 and shared words): 303; reader16a merged (tuned on AO: orders glued both sides,; stop 30 (reader18/19): 383; reader20a: 385; reader22a: 391; reader22b: 390; round 28-29 merged: 392; round 35: 393
# stock by any name, weaving and printing, Wu 侬/弗来事/格): 376
BLIND_AO_MAX_SILENT = 0 / 401  # reader17b merged: 6; reader16b: 21; reader16a merged: 9; reader17a: 8; reader20a: 3; reader22a: 2; round 27: 1; round 35: 0
# AR (381; e-bike frames, Tianjin, short shop-floor messages): an exam of stop 29's round (reader16a, reader16b), never tuned on. First met 81.4/2.9 right/silent (12.7% of ordinary lines asked first); after reader16b 83.5/3.1; after both what it holds here.
# After both: 84.3% right, 3.1% silent, 12.7% of ordinary lines asked first.
BLIND_AR = DATA / "blind_phrases_ar.jsonl"
BLIND_AR_FLOOR = 376 / 381  # reader18b: 358; reader17b merged: 356; reader17a (tuned on AR: a step by its slot, 切管/贴花/编轮, 在贴花; a lot come in; 6061铝管 a grade): 349; stop 30 (reader18/19): 367; reader20a: 369; reader22a: 375; reader22b: 374; round 38: 376
BLIND_AR_MAX_SILENT = 0 / 381  # reader17b merged: 5; reader17a: 6; reader20a: 1; reader22a: 0
# AS (385; fasteners and bearings for export, Handan/Ningbo, English and Chinglish): an exam of stop 29's round, never tuned on. First met 87.8/3.1; after reader16b 88.3/3.1; after both what it holds here.
# After both: 88.8% right, 3.1% silent, 7.6% of ordinary lines asked first.
BLIND_AS = DATA / "blind_phrases_as.jsonl"
BLIND_AS_FLOOR = 377 / 385  # reader18b: 355; reader17b merged: 352; reader17a (tuned on AS: a lot come in, an order before 套圈, a step by its slot): 349; stop 30 (reader18/19): 362; reader20b: 365; reader20a: 368; reader21: 369; reader22a: 375; reader22b: 374; round 24: 376; stop 33: 377
BLIND_AS_MAX_SILENT = 0 / 385  # reader17b merged: 8; reader17a: 9; reader20a: 2; reader22a: 1; stop 33: 0
# AT (361; precision optics, Chengdu/Mianyang, Sichuan speech, measurements): an exam of stop 29's round, never tuned on. First met 91.4/3.6 (its writer wrote every po as a JSON number: scored by meaning since a733a92); after reader16b 92.0/3.3; after both what it holds here.
# After both: 92.2% right, 3.3% silent, 8.3% of ordinary lines asked first.
BLIND_AT = DATA / "blind_phrases_at.jsonl"
BLIND_AT_FLOOR = 355 / 361  # reader18b: 346; reader17b merged: 344; reader17a (not tuned on AT; a step by its slot: 装调; 6061棒料 a grade): 338; stop 30 (reader18/19): 349; reader20a: 350; reader22a: 355; reader22b: 353
BLIND_AT_MAX_SILENT = 0 / 361  # reader17b merged: 6; reader17a: 8; reader20a: 2; reader22a: 0
# AU (365; office chairs, Anji, young clerks' emojis, slang and English part names): an exam of stop 29's second round (reader17a, reader17b), never tuned on. First met 88.8/3.0 right/silent (16.5% of ordinary lines asked first); after reader17a 90.1/2.5; after both what it holds here.
# First met: 90.1% right, 2.5% silent, 15.5% of ordinary lines asked first.
BLIND_AU = DATA / "blind_phrases_au.jsonl"
BLIND_AU_FLOOR = 356 / 365  # reader18b: 335; met 329; stop 30 (reader18/19): 346; reader20a: 347; reader22a: 354; reader22b: 353; round 28-29 merged: 355; round 34: 356
BLIND_AU_MAX_SILENT = 1 / 365  # reader18b: 8; met 9; reader20a: 3; reader22a: 1
# AV (350; tier-2 auto parts, Liuzhou, IATF terms and southwestern Mandarin): an exam of stop 29's second round, never tuned on. First met 92.3/2.0; after reader17a 92.6/2.0; after both what it holds here.
# First met: 92.6% right, 2.0% silent, 6.1% of ordinary lines asked first.
BLIND_AV = DATA / "blind_phrases_av.jsonl"
BLIND_AV_FLOOR = 341 / 350  # reader18b: 325; met 324; stop 30 (reader18/19): 331; reader22a: 339; reader22b: 338; round 27: 340; round 41: 341
BLIND_AV_MAX_SILENT = 0 / 350  # reader22a: 1; round 41: 0
# AW (350; stainless kitchenware, Jieyang, Teochew words, mixed units): an exam of stop 29's second round, never tuned on. First met 89.1/2.0; after reader17a 90.0/1.7; after both what it holds here.
# First met: 90.0% right, 1.7% silent, 9.9% of ordinary lines asked first.
BLIND_AW = DATA / "blind_phrases_aw.jsonl"
BLIND_AW_FLOOR = 341 / 350  # reader18b: 323; met 315; stop 30 (reader18/19): 337; reader21: 338; reader22b: 339; stop 33: 340; r30cl: 341
BLIND_AW_MAX_SILENT = 0 / 350
# When committed: AX (350; Chongqing motorcycle and small-engine parts, Chongqing speech): the exam of stop 30's round (reader18a, reader18b), committed unchanged; first met on 1cb1b4f 322/350 right, 4 silent; after reader18a/b 323/350, 4 silent
BLIND_AX = DATA / "blind_phrases_ax.jsonl"
BLIND_AX_FLOOR = 341 / 350  # stop 30 (reader18/19): 329; reader20b: 334; reader20a: 335; reader22a: 336; reader22b: 339; stop 33: 340; r31d: 341
BLIND_AX_MAX_SILENT = 0 / 350  # reader20b: 3; reader20a: 1; stop 33: 0
# When committed: AY (336; Wuhan auto parts, Wuhan speech, English-mixing buyers): the exam of stop 30's round, committed unchanged; first met on 1cb1b4f 297/336 right, 11 silent; after reader18a/b 296/336, 11 silent
BLIND_AY = DATA / "blind_phrases_ay.jsonl"
BLIND_AY_FLOOR = 323 / 336  # stop 30 (reader18/19): 303; reader20b: 312; reader20a: 316; reader22a: 321; reader22b: 319; round 27: 322; round 38: 323
BLIND_AY_MAX_SILENT = 3 / 336  # reader20b: 9; reader20a: 5; reader22a: 3
# When committed: AZ (348; Ganzhou small motors and magnets, Gan/Hakka words, spoken digits): the exam of stop 30's round, committed unchanged; first met on 1cb1b4f 276/348 right, 18 silent; after reader18a/b 287/348, 18 silent
BLIND_AZ = DATA / "blind_phrases_az.jsonl"
BLIND_AZ_FLOOR = 330 / 348  # stop 30 (reader18/19): 307; reader20b: 318; reader20a: 319; reader22a: 328; reader22b: 327; stop 33: 329; round 28-29 merged: 330
BLIND_AZ_MAX_SILENT = 1 / 348  # reader20b: 7; reader20a: 5; reader22a: 3; reader22b: 4; round 28 (r28doubt): 2; round 28-29 merged: 1
# When committed: BA (343; Penang/Johor contract manufacturing, Malaysian English and Malaysian Chinese): the exam of stop 30's round, committed unchanged; first met on 1cb1b4f 300/343 right, 6 silent; after reader18a/b 300/343, 6 silent
BLIND_BA = DATA / "blind_phrases_ba.jsonl"
BLIND_BA_FLOOR = 326 / 343  # stop 30 (reader18/19): 306; reader20b: 314; reader20a: 316; reader21: 317; reader22a: 322; round 23: 323; round 24: 324; round 28-29 merged: 325; stop 36 round 30 merged: 326
BLIND_BA_MAX_SILENT = 1 / 343  # reader20a: 3; stop 36 round 30 merged: 2; r31c: 1
# When committed: BB (346; Taichung machine-tool and bicycle parts, Traditional characters, Taiwanese Mandarin, zhuyin typos): the exam of stop 31's round (reader20a, reader20b), committed unchanged; first met on 7e378c4 (the reader of 2385915) 294/346 right, 21 silent; after reader20a/b 294/346, 21 silent
BLIND_BB = DATA / "blind_phrases_bb.jsonl"
BLIND_BB_FLOOR = 327 / 346  # reader21: 311; reader22a: 317; stop 33: 321; round 28-29 merged: 322; round 33 merged: 323; round 34: 325; round 36: 326; round 38: 327
BLIND_BB_MAX_SILENT = 9 / 346  # reader21: 13; reader22a: 12; round 28-29 merged: 11; round 34: 9
# When committed: BC (350; Baoji/Xi'an titanium and precision machining, Shaanxi speech, formal QA words): the exam of stop 31's round, committed unchanged; first met on 7e378c4 289/350 right, 20 silent; after reader20a/b 308/350, 18 silent
BLIND_BC = DATA / "blind_phrases_bc.jsonl"
BLIND_BC_FLOOR = 329 / 350  # reader21: 323; reader22a: 325; stop 33: 328; round 27: 329
BLIND_BC_MAX_SILENT = 6 / 350  # reader21: 11; stop 33: 8; round 27: 7; round 36: 6
# When committed: BD (362; Shenyang/Dalian machine tools and bearings, Northeast speech, voice input): the exam of stop 31's round, committed unchanged; first met on 7e378c4 337/362 right, 9 silent; after reader20a/b 337/362, 9 silent
BLIND_BD = DATA / "blind_phrases_bd.jsonl"
BLIND_BD_FLOOR = 350 / 362  # reader21: 341; reader22a: 345; round 23: 346; stop 33: 347; round 33 merged: 348; round 41: 350
BLIND_BD_MAX_SILENT = 5 / 362  # reader21: 7; reader22a: 6; round 41: 5
# When committed: BE (388; Yueqing/Liushi low-voltage electrical, Wenzhou-flavoured voice dictation, pinyin initials): the exam of stop 31's round, committed unchanged; first met on 7e378c4 349/388 right, 14 silent; after reader20a/b 351/388, 13 silent
BLIND_BE = DATA / "blind_phrases_be.jsonl"
BLIND_BE_FLOOR = 366 / 388  # reader21: 358; reader22a: 361; stop 33: 362; round 27: 364; r31d: 365; round 34: 366
BLIND_BE_MAX_SILENT = 5 / 388  # reader21: 10; reader22a: 9; stop 33: 8; round 27: 6; round 34: 5
# When committed: BF (399; Luoyang/Zhengzhou mining machinery and large bearings, Henan speech, voice input): the exam of stop 32's round (reader22a, reader22b, readerfast), committed unchanged; first met on 10b57e5 354/399 right, 15 silent; after round 22 358/399, 15 silent; round 23 then tuned on it)
BLIND_BF = DATA / "blind_phrases_bf.jsonl"
BLIND_BF_FLOOR = 369 / 399  # when committed: 363; round 28-29 merged: 364; r30cl: 365; r33dg: 366; round 33 merged: 367; round 41: 368; r41pq: 369
BLIND_BF_MAX_SILENT = 8 / 399  # when committed: 11; round 27: 10; round 29 (r29fix): 9; r33dg: 8
# When committed: BG (369; Bac Ninh/Hai Phong plants of a Chinese electronics maker, Vietnamese supervisors writing Chinese, English and Vietnamese words): the exam of stop 32's round, committed unchanged; first met on 10b57e5 195/369 right, 37 silent; after round 22 195/369, 37 silent; round 23 then tuned on it)
BLIND_BG = DATA / "blind_phrases_bg.jsonl"
BLIND_BG_FLOOR = 276 / 369  # when committed: 269; stop 33: 270; round 36: 276
BLIND_BG_MAX_SILENT = 8 / 369  # when committed: 13; round 28 (r28doubt): 12; r31c: 11; round 36: 8
# When committed: BH (405; Guiyang/Zunyi aluminium profiles and electrical enclosures, Guizhou and Yunnan speech): the exam of stop 32's round, committed unchanged; first met on 10b57e5 367/405 right, 12 silent; after round 22 370/405, 12 silent; round 23 then tuned on it)
BLIND_BH = DATA / "blind_phrases_bh.jsonl"
BLIND_BH_FLOOR = 388 / 405  # when committed: 384; stop 33: 386; round 33 merged: 387; round 41: 388
BLIND_BH_MAX_SILENT = 3 / 405  # when committed: 6; round 28 (r28doubt): 4; round 33 merged: 3
# When committed: BI (411; Suzhou/Wuxi medical-device OEM under ISO 13485, the formal QA register): the exam of stop 32's round, committed unchanged; first met on 10b57e5 338/411 right, 28 silent; after round 22 340/411, 28 silent; round 23 then tuned on it)
BLIND_BI = DATA / "blind_phrases_bi.jsonl"
BLIND_BI_FLOOR = 355 / 411  # when committed: 351; stop 33: 352; round 35: 354; round 36: 355
BLIND_BI_MAX_SILENT = 16 / 411  # when committed: 23; stop 33: 22; round 28 (r28doubt): 19; round 35: 17; round 41: 16
# When committed: BJ (364; Rayong/Chonburi plant of a Chinese air-conditioner and auto-parts maker, Thai supervisors writing Thai English and Thai script): stop 32's second exam, committed unchanged; first met on 852dfea (after rounds 22-23) 195/364 right, 22 silent; round 24 (r24th) then tuned on it)
BLIND_BJ = DATA / "blind_phrases_bj.jsonl"
BLIND_BJ_FLOOR = 317 / 364  # when committed: 306; stop 33: 308; round 28 (r28jp): 309; round 28 (r28th): 317
BLIND_BJ_MAX_SILENT = 3 / 364  # when committed: 9; stop 33: 8; round 27: 7; round 28 (r28jp): 6; round 28 (r28doubt): 4; round 28 (r28th): 3
# When committed: BK (369; Monterrey/Saltillo plant of a Chinese auto-parts maker, Mexican supervisors writing Spanish, English and Spanglish): stop 32's second exam, committed unchanged; first met on 852dfea 85/369 right, 7 silent; round 24 (r24es) then tuned on it)
BLIND_BK = DATA / "blind_phrases_bk.jsonl"
BLIND_BK_FLOOR = 249 / 369  # when committed: 248; stop 33: 249
BLIND_BK_MAX_SILENT = 6 / 369  # when committed: 7; round 27: 6
# When committed: BL (387; Taiyuan/Datong coal-mining machinery and castings, Jin speech of Shanxi): stop 32's second exam, committed unchanged; first met on 852dfea 359/387 right, 11 silent; round 24 (r24zh) then tuned on it)
BLIND_BL = DATA / "blind_phrases_bl.jsonl"
BLIND_BL_FLOOR = 371 / 387  # when committed: 363; stop 33: 366; round 28 (r28jp): 367; round 28-29 merged: 368; r31d: 370; round 33 merged: 371
BLIND_BL_MAX_SILENT = 3 / 387  # when committed: 8; stop 33: 6; round 28 (r28jp): 5; round 28-29 merged: 4; round 33 merged: 3
# When committed: BM (425; Baotou/Hohhot rare-earth magnets and steel castings, Inner Mongolian Mandarin): stop 32's second exam, committed unchanged; first met on 852dfea 391/425 right, 10 silent; round 24 (r24zh) then tuned on it)
BLIND_BM = DATA / "blind_phrases_bm.jsonl"
BLIND_BM_FLOOR = 405 / 425  # when committed: 403; round 28-29 merged: 404; round 36: 405
BLIND_BM_MAX_SILENT = 5 / 425  # when committed: 6; round 28 (r28doubt): 5
# When committed: BN (337; Qingdao/Yantai/Weihai marine diesel parts, tyre moulds and rail parts, Jiaodong voice input and Korean-owned clerks: stop 33's exam, committed unchanged; first met on eef179b (stop 32 as landed) 314/337 right, 13 silent)
BLIND_BN = DATA / "blind_phrases_bn.jsonl"
BLIND_BN_FLOOR = 334 / 337  # when committed: 314; round 25 (r25zh-a): 333; stop 33: 334
BLIND_BN_MAX_SILENT = 1 / 337  # when committed: 13; round 25 (r25zh-a): 2; round 38: 1
# When committed: BO (343; Xiamen/Quanzhou/Nan'an sole moulds, faucets and valve bodies, Minnan-speaking shop owners: stop 33's exam, committed unchanged; first met on eef179b 312/343 right, 8 silent)
BLIND_BO = DATA / "blind_phrases_bo.jsonl"
BLIND_BO_FLOOR = 338 / 343  # when committed: 312; round 25 (r25zh-a): 331; stop 33: 336; r30cl: 337; r31d: 338
BLIND_BO_MAX_SILENT = 0 / 343  # when committed: 8; round 25 (r25zh-a): 0
# When committed: BP (371; Lanzhou/Baiyin/Xining drilling equipment and nonferrous castings, Northwestern Mandarin: stop 33's exam, committed unchanged; first met on eef179b 346/371 right, 6 silent)
BLIND_BP = DATA / "blind_phrases_bp.jsonl"
BLIND_BP_FLOOR = 364 / 371  # when committed: 346; round 25 (r25zh-a): 359; stop 33: 362; round 28-29 merged: 363; r32cw: 364
BLIND_BP_MAX_SILENT = 1 / 371  # when committed: 6; round 25 (r25zh-a): 2; r32cw: 1
# When committed: BQ (395; Pune/Chennai plant of a Chinese appliance and auto-parts maker, Indian English, Hinglish and Tamil words: stop 33's exam, committed unchanged; first met on eef179b 228/395 right, 33 silent)
BLIND_BQ = DATA / "blind_phrases_bq.jsonl"
BLIND_BQ_FLOOR = 348 / 395  # when committed: 228; r25en (India's register read): 346; round 28-29 merged: 347; round 36: 348
BLIND_BQ_MAX_SILENT = 1 / 395  # when committed: 33; r25en: 1
# When committed: BR (381; Hong Kong trading company and its Shenzhen/Dongguan factories, written Cantonese and English: stop 33's second exam, of round 25 as landed, committed unchanged; first met on 19b47b8 336/381 right, 14 silent (336, 14 on eef179b before round 25))
BLIND_BR = DATA / "blind_phrases_br.jsonl"
BLIND_BR_FLOOR = 379 / 381  # when committed: 336; round 26 (r26yue, Cantonese read by the register's rules): 377; stop 33: 379
BLIND_BR_MAX_SILENT = 1 / 381  # when committed: 14; round 26 (r26yue): 1
# When committed: BS (345; Urumqi/Changji/Shihezi wind-turbine and cotton-machinery parts, Xinjiang Mandarin, Uyghur and Kazakh writers of Chinese: stop 33's second exam, committed unchanged; first met on 19b47b8 321/345 right, 10 silent (320, 9 on eef179b))
BLIND_BS = DATA / "blind_phrases_bs.jsonl"
BLIND_BS_FLOOR = 334 / 345  # when committed: 321; round 26 (r26de): 329; round 27: 330; round 28-29 merged: 332; stop 36 round 30 merged: 333; round 41: 334
BLIND_BS_MAX_SILENT = 2 / 345  # when committed: 10; round 26 (r26de): 7; round 27: 6; round 28-29 merged: 4; r31c: 3; round 36: 2
# When committed: BT (379; German-owned automotive supplier in Taicang/Kunshan, Chinese, English and German words, calendar weeks: stop 33's second exam, committed unchanged; first met on 19b47b8 337/379 right, 9 silent (336, 10 on eef179b))
BLIND_BT = DATA / "blind_phrases_bt.jsonl"
BLIND_BT_FLOOR = 363 / 379  # when committed: 337; round 26 (r26de): 362; round 28-29 merged: 363
BLIND_BT_MAX_SILENT = 3 / 379  # when committed: 9; round 26 (r26de): 4; r31c: 3, which was line 7 (`首件检验合格，大货已经开始了`) asked by r31c's sign of a later fact with no step; r31a reads its step (the bulk run begun, `in_process`), the house's reading of a step begun beside another (round 30's ruling by count), and BT's writer, who leaves that step out, disagrees: 4; round 41: 3
# When committed: BU (358; Yiwu/Jinhua/Hangzhou small commodities for e-commerce, young clerks' internet slang and older owners' voice input: stop 33's second exam, committed unchanged; first met on 19b47b8 338/358 right, 6 silent (336, 6 on eef179b))
BLIND_BU = DATA / "blind_phrases_bu.jsonl"
BLIND_BU_FLOOR = 352 / 358  # when committed: 338; round 26 (r26yue): 351; r30cl: 352
BLIND_BU_MAX_SILENT = 2 / 358  # when committed: 6; round 26 (r26yue): 3; round 38: 2
# When committed: BV (344; Changsha/Loudi/Xiangtan construction machinery, Xiang speech and voice input: stop 33's third exam, of round 26 as landed, committed unchanged; first met on cc2b2c3 317/344 right, 11 silent (314, 12 on eef179b))
BLIND_BV = DATA / "blind_phrases_bv.jsonl"
BLIND_BV_FLOOR = 338 / 344  # when committed: 317; round 27: 338
BLIND_BV_MAX_SILENT = 1 / 344  # when committed: 11; round 27: 2; round 28-29 merged: 1
# When committed: BW (342; Yulin/Guigang/Liuzhou diesel-engine parts, Guangxi Baihua and Guiliu Mandarin: stop 33's third exam, committed unchanged; first met on cc2b2c3 329/342 right, 4 silent (the same on eef179b))
BLIND_BW = DATA / "blind_phrases_bw.jsonl"
BLIND_BW_FLOOR = 338 / 342  # when committed: 329; round 27: 338
BLIND_BW_MAX_SILENT = 1 / 342  # when committed: 4; round 27: 1
# When committed: BX (339; Fuzhou/Fu'an/Mawei small motors and pumps, Fuzhou (Mindong) speech and voice input: stop 33's third exam, committed unchanged; first met on cc2b2c3 315/339 right, 11 silent (314, 11 on eef179b))
BLIND_BX = DATA / "blind_phrases_bx.jsonl"
BLIND_BX_FLOOR = 337 / 339  # when committed: 315; round 27 (r27fz, Fuzhou words, a motor shop's words and steps): 337
BLIND_BX_MAX_SILENT = 1 / 339  # when committed: 11; round 27 (r27fz): 1
# When committed: BY (332; Batam/Cikarang plant of a Chinese electronics and motorcycle-parts maker, Bahasa Indonesia with English and Chinese words: stop 33's third exam, committed unchanged; first met on cc2b2c3 109/332 right, 15 silent (108, 15 on eef179b))
BLIND_BY = DATA / "blind_phrases_by.jsonl"
BLIND_BY_FLOOR = 318 / 332  # when committed: 109; round 27 (r27id, Bahasa Indonesia read): 316; round 27: 317; round 28-29 merged: 318
BLIND_BY_MAX_SILENT = 1 / 332  # when committed: 15; round 27 (r27id): 2; round 27: 1
# When committed: BZ (369; Shenyang/Changchun/Harbin auto parts and rail vehicles, Dongbei speech and voice input: stop 34's exam, committed unchanged; first met on b105d6c 353/369 right, 4 silent; round 27, which never saw it, reads 3 silent)
BLIND_BZ = DATA / "blind_phrases_bz.jsonl"
BLIND_BZ_FLOOR = 361 / 369  # when committed: 353; round 28 (r28n): 358; r33dd: 359; round 33 merged: 360; round 41: 361
BLIND_BZ_MAX_SILENT = 1 / 369  # when committed: 3; round 28 (r28n): 1
# When committed: CA (332; Shantou/Chenghai/Chaozhou toys, packaging and stainless kitchenware, Teochew speakers typing Mandarin: stop 34's exam, committed unchanged; first met on b105d6c 313/332 right, 7 silent)
BLIND_CA = DATA / "blind_phrases_ca.jsonl"
BLIND_CA_FLOOR = 323 / 332  # when committed: 314; round 28 (r28s): 321; round 36: 322; round 38: 323
BLIND_CA_MAX_SILENT = 0 / 332  # when committed: 7; round 28 (r28s): 0
# When committed: CB (330; Nanchang/Ganzhou/Jiujiang copper wire and rare-earth motors, Gan speech: stop 34's exam, committed unchanged; first met on b105d6c 311/330 right, 6 silent)
BLIND_CB = DATA / "blind_phrases_cb.jsonl"
BLIND_CB_FLOOR = 320 / 330  # when committed: 315; round 28 (r28n): 320
BLIND_CB_MAX_SILENT = 1 / 330  # when committed: 6; round 28 (r28doubt): 5; round 28 (r28n): 1
# When committed: CC (334; Wuhu/Hefei home appliances and NEV parts, Jianghuai Mandarin with the auto trade's English abbreviations: stop 34's exam, committed unchanged; first met on b105d6c 322/334 right, 4 silent)
BLIND_CC = DATA / "blind_phrases_cc.jsonl"
BLIND_CC_FLOOR = 327 / 334  # when committed: 322; round 28 (r28s): 326; r30cl: 327
BLIND_CC_MAX_SILENT = 0 / 334  # when committed: 4; round 28 (r28doubt): 3; round 28 (r28s): 0
# When committed: CD (339; Nanjing/Ma'anshan/Chuzhou steel castings, forgings and gearbox housings, Nanjing Mandarin: stop 34's second exam, committed unchanged; first met on b105d6c 325/339 right, 7 silent)
BLIND_CD = DATA / "blind_phrases_cd.jsonl"
BLIND_CD_FLOOR = 334 / 339  # when committed: 325; round 28 (r28n): 333; round 34: 334
BLIND_CD_MAX_SILENT = 0 / 339  # when committed: 7; round 28 (r28doubt): 6; round 28 (r28n): 0
# When committed: CE (362; Shanghai Songjiang/Jiading contract electronics and enclosures, warehouse, IQC and buyers more than usual: stop 34's second exam, committed unchanged; first met on b105d6c 346/362 right, 4 silent)
BLIND_CE = DATA / "blind_phrases_ce.jsonl"
BLIND_CE_FLOOR = 351 / 362  # when committed: 346; round 28 (r28s): 349; r33dd: 350; round 38: 351
BLIND_CE_MAX_SILENT = 1 / 362  # when committed: 4; round 28 (r28doubt): 2; round 28 (r28s): 1
# When committed: CG (363; Dalian/Suzhou Japanese-owned auto-parts plant, Japanese factory words in Chinese: stop 35's exam, committed unchanged; first met on ccb1548 303/363 right, 27 silent)
BLIND_CG = DATA / "blind_phrases_cg.jsonl"
BLIND_CG_FLOOR = 355 / 363  # when committed: 303; round 28 (r28jp, the Japanese shop floor's words read): 354; round 28-29 merged: 355
BLIND_CG_MAX_SILENT = 4 / 363  # when committed: 27; round 28 (r28jp): 5; round 28-29 merged: 4
# When committed: CH (357; Xi'an/Baoji titanium, aerospace and petroleum-equipment parts, Shaanxi speech and military quality words: stop 35's exam, committed unchanged; first met on ccb1548 319/357 right, 7 silent; round 28 as landed, never seen: 319, 7 silent)
BLIND_CH = DATA / "blind_phrases_ch.jsonl"
BLIND_CH_FLOOR = 330 / 357  # when committed: 319; round 29 (r29sx): 327; round 29 (r29fix): 329; round 38: 330
BLIND_CH_MAX_SILENT = 3 / 357  # when committed: 7; round 29 (r29sx): 4; round 29 (r29fix): 3
# When committed: CI (337; Rayong/Chonburi air-con and auto parts, Thai-English and romanised Thai: stop 35's exam, committed unchanged; first met on ccb1548 248/337 right, 19 silent)
BLIND_CI = DATA / "blind_phrases_ci.jsonl"
BLIND_CI_FLOOR = 307 / 337  # when committed: round 28 (r28th): 307
BLIND_CI_MAX_SILENT = 3 / 337  # when committed: round 28 (r28th): 3
# When committed: CF (409; Luoyang/Zhengzhou/Xinxiang bearings, mining machinery and reducers, Henan speech: stop 35's exam, committed unchanged; first met on ccb1548 381/409 right, 19 silent; round 28 as landed, never seen: 381, 16 silent)
BLIND_CF = DATA / "blind_phrases_cf.jsonl"
BLIND_CF_FLOOR = 387 / 409  # when committed: 381; round 29 (r29hb): 384; round 33 merged: 385; round 36: 386; round 41: 387
BLIND_CF_MAX_SILENT = 11 / 409  # when committed: 16; round 29 (r29hb): 12; r31c: 11
# When committed: CJ (364; Cangzhou/Botou/Hengshui/Xingtai pipe fittings, flanges, castings and bike frames, Hebei speech: stop 35's exam, committed unchanged; first met on ccb1548 323/364 right, 17 silent; round 28 as landed, never seen: 326, 13 silent)
BLIND_CJ = DATA / "blind_phrases_cj.jsonl"
BLIND_CJ_FLOOR = 339 / 364  # when committed: 326; round 29 (r29hb): 334; round 29 (r29fix): 335; r31d: 336; round 36: 337; round 41: 338; r41pq: 339
BLIND_CJ_MAX_SILENT = 8 / 364  # when committed: 13; round 29 (r29hb): 9; round 29 (r29fix): 8
# When committed: CK (347; Sialkot/Lahore/Gujranwala surgical instruments, sports goods and fans, Pakistani English with Urdu in Latin letters: stop 35's exam, committed unchanged; first met on ccb1548 202/347 right, 16 silent)
BLIND_CK = DATA / "blind_phrases_ck.jsonl"
BLIND_CK_FLOOR = 274 / 347  # when committed: 202; round 29 (r29pk, Urdu in Latin letters read: handlers/reading_pakistan.py): 273; r41pq: 274
BLIND_CK_MAX_SILENT = 5 / 347  # when committed: 16; round 29 (r29pk): 6; r41pq: 5
BLIND_CL = DATA / "blind_phrases_cl.jsonl"  # stop 36's exam (Taizhou valves, faucets and pumps, Taizhou Wu speakers typing Mandarin, voice input), committed unchanged; first met on d32de9e 289/338 right, 36 silent
BLIND_CL_FLOOR = 315 / 338  # when committed: 289; r30cl: 301; r31d: 310; round 41: 315
BLIND_CL_MAX_SILENT = 19 / 338  # when committed: 36; r30cl: 24; round 41: 19
BLIND_CN = DATA / "blind_phrases_cn.jsonl"  # stop 36's exam (Cavite/Laguna electronics and wire harness, Filipino subcontractors in Taglish), committed unchanged; first met on d32de9e 167/345 right, 24 silent
BLIND_CN_FLOOR = 314 / 345  # when committed: 167; r30cl: 168; round 30 (r30cn, Taglish read: handlers/reading_tagalog.py): 313; r31c: 314
BLIND_CN_MAX_SILENT = 5 / 345  # when committed: 24; r30cl: 13; round 30 (r30cn): 6; r31c: 5
BLIND_CO = DATA / "blind_phrases_co.jsonl"  # stop 36's exam (Huizhou/Shenzhen battery packs and e-bike parts, messages full of numbers that are no order or count: waybills, containers, plates, phones, models), committed unchanged; first met on d32de9e 225/349 right, 43 silent
BLIND_CO_FLOOR = 281 / 349  # when committed: 225; round 30 (r30co, numbers that name a thing: handlers/reading_identifiers.py): 278; round 36: 281
BLIND_CO_MAX_SILENT = 19 / 349  # when committed: 43; r30cl: 39; round 30 (r30co): 19
BLIND_CS = DATA / "blind_phrases_cs.jsonl"  # stop 36's exam (Chinese export clerks' English to a foreign buyer's sourcing office: Chinglish tense and grammar, ETD, PI, ctns), committed unchanged; first met on 6509b9c 242/371 right, 40 silent
BLIND_CS_FLOOR = 264 / 371  # when committed: 242; r30cs: 260; stop 36 round 30 merged: 261; r31c: 262; round 33 merged: 263; round 36: 264
BLIND_CS_MAX_SILENT = 9 / 371  # when committed: 40; round 30 (r30co): 39; r30cs: 17; stop 36 round 30 merged: 16; r31c: 10; round 36: 9
BLIND_CM = DATA / "blind_phrases_cm.jsonl"  # stop 36's exam (Kunming/Yuxi/Qujing tobacco-machinery, plateau-engine and mining parts, Yunnan speech), committed unchanged; first met on d32de9e 322/335 right, 7 silent; round 30 as landed, never seen: the same
BLIND_CM_FLOOR = 328 / 335  # when committed: 322; r31a: 324; r31d: 324; round 38: 325; round 41: 328
BLIND_CM_MAX_SILENT = 3 / 335  # when committed: 7; round 38: 6; round 41: 3
BLIND_CP = DATA / "blind_phrases_cp.jsonl"  # stop 36's exam (Putian/Xianyou shoe soles and uppers, mahogany furniture parts, Puxian speakers), committed unchanged; first met on d32de9e 318/344 right, 7 silent; round 30 as landed, never seen: the same
BLIND_CP_FLOOR = 343 / 344  # when committed: 318; r31d: 343
BLIND_CP_MAX_SILENT = 0 / 344  # when committed: 7; r31d: 0
BLIND_CQ = DATA / "blind_phrases_cq.jsonl"  # stop 36's exam (Qiqihar/Harbin state-owned heavy equipment, the formal register of state-owned enterprises), committed unchanged; first met on d32de9e 305/336 right, 8 silent; round 30 as landed, never seen: the same
BLIND_CQ_FLOOR = 323 / 336  # when committed: 305; r31b: 322; round 33 merged: 323
BLIND_CQ_MAX_SILENT = 0 / 336  # when committed: 8; r31b: 0
BLIND_CR = DATA / "blind_phrases_cr.jsonl"  # stop 36's exam (Liaocheng/Linqing/Dezhou bearings, seamless pipe and castings, western Shandong Luxi speech), committed unchanged; first met on 6509b9c 347/363 right, 2 silent; round 30 as landed, never seen: the same
BLIND_CR_FLOOR = 349 / 363  # when committed: 347; round 38: 348; round 41: 349
BLIND_CR_MAX_SILENT = 1 / 363  # when committed: 2; round 38: 1
BLIND_CT = DATA / "blind_phrases_ct.jsonl"  # stop 36's exam (Zhanjiang/Lianjiang fans, rice cookers and small kitchen appliances, Leizhou Min and Cantonese speakers typing Mandarin), committed unchanged; first met on 6509b9c 306/334 right, 10 silent; round 30 as landed, never seen: the same
BLIND_CT_FLOOR = 311 / 334  # when committed: 306; r31a: 310; round 41: 311
BLIND_CT_MAX_SILENT = 5 / 334  # when committed: 10; r31c: 9; r31a: 6; stop 36 round 31 merged: 5
BLIND_CU = DATA / "blind_phrases_cu.jsonl"  # stop 36's exam (Nantong/Haimen/Rugao home textiles and ship outfitting, Tongtai and Qihai speakers), committed unchanged; first met on b593c81 283/342 right, 18 silent; rounds 30-31 as landed, never seen: 283, 17 silent
BLIND_CU_FLOOR = 302 / 342  # when committed: 283; r32da: 288; r32cw: 292; r32cw: 297; round 34: 298; round 36: 301; round 41: 302
BLIND_CU_MAX_SILENT = 6 / 342  # when committed: 17; r32cw: 11; round 34: 10; round 36: 7; round 41: 6
BLIND_CV = DATA / "blind_phrases_cv.jsonl"  # stop 36's exam (Changzhou/Jintan/Liyang motor, gearbox and powder-metallurgy shops, owners' long run-on voice dictations), committed unchanged; first met on b593c81 314/372 right, 25 silent; rounds 30-31 as landed, never seen: 319, 24 silent
BLIND_CV_FLOOR = 332 / 372  # when committed: 319; r32cw: 327; round 33 merged: 328; round 36: 329; round 41: 332
BLIND_CV_MAX_SILENT = 12 / 372  # when committed: 24; r32cw: 17; round 33 merged: 16; round 36: 13; round 41: 12
BLIND_CW = DATA / "blind_phrases_cw.jsonl"  # stop 36's exam (a US company's sourcing and supplier-quality engineers in native American business English, with suppliers' English-speaking PMs), committed unchanged; first met on b593c81 255/349 right, 17 silent; rounds 30-31 as landed, never seen: 255, 16 silent
BLIND_CW_FLOOR = 265 / 349  # when committed: 255; r32cw: 263; round 34: 264; round 36: 265
BLIND_CW_MAX_SILENT = 7 / 349  # when committed: 16; r32cw: 8; round 34: 7
BLIND_CX = DATA / "blind_phrases_cx.jsonl"  # stop 37's exam (a Korean-owned auto-parts and display-module plant in Yantai/Weihai/Tianjin: Korean managers' Chinese with Hangul trade words, 朝鲜族 coordinators, EA as the unit), committed unchanged; first met on 212a50f 297/343 right, 6 silent
BLIND_CX_FLOOR = 330 / 343  # when committed: 297; round 32 (r32cx, Hangul words said in Chinese): 330
BLIND_CX_MAX_SILENT = 1 / 343  # when committed: 6; round 32 (r32cx): 1 (`20803 延期`, the house reads it as F does)
BLIND_CY = DATA / "blind_phrases_cy.jsonl"  # stop 37's exam (Brazilian subcontractors of a Chinese plant in Bahia/Manaus/São Paulo: Brazilian Portuguese chat, day-first dates, 1.200 thousands), committed unchanged; first met on 212a50f 52/389 right, 4 silent
BLIND_CY_FLOOR = 329 / 389  # when committed: 52; r32cy: 329
BLIND_CY_MAX_SILENT = 4 / 389  # when committed: 4
BLIND_CZ = DATA / "blind_phrases_cz.jsonl"  # stop 37's exam (Dongguan/Huizhou hardware, plastics and packaging: WeCom's quoted replies, @mentions, [强]-style emoji codes and [图片] placeholders), committed unchanged; first met on 212a50f 324/335 right, 4 silent
BLIND_CZ_FLOOR = 331 / 335  # when committed: 324; r32cz: 331
BLIND_CZ_MAX_SILENT = 0 / 335  # when committed: 4; r32cz: 0
BLIND_DA = DATA / "blind_phrases_da.jsonl"  # stop 37's exam (Gen-Z merchandisers and QC of Hangzhou/Shaoxing/Huzhou apparel and bag shops: internet slang, pinyin abbreviations, emoji), committed unchanged; first met on 212a50f 292/356 right, 15 silent
BLIND_DA_FLOOR = 333 / 356  # when committed: 292; r32da: 329; r33dg: 330; round 33 merged: 331; round 36: 333
BLIND_DA_MAX_SILENT = 6 / 356  # when committed: 15; r32da: 7; r33dg: 6
BLIND_DB = DATA / "blind_phrases_db.jsonl"  # stop 37's exam (Shiyan/Xiangyang family workshops of a commercial-vehicle maker typing by handwriting or Wubi: slips of characters of like shape, 己/已 末/未 千/干, full-width digits), committed unchanged; first met on a2f75f4 327/343 right, 2 silent (the issue's bar as met); round 32 as landed, never seen: the same
BLIND_DB_FLOOR = 328 / 343  # when committed: 327; round 34: 328
BLIND_DB_MAX_SILENT = 2 / 343  # when committed: 2
BLIND_DC = DATA / "blind_phrases_dc.jsonl"  # stop 37's exam (Beijing Yizhuang/Langfang/Zhuozhou medical carts, rail cabinets and EV chargers, Beijing speech typed as spoken), committed unchanged; first met on a2f75f4 340/361 right, 5 silent; round 32 as landed, never seen: the same
BLIND_DC_FLOOR = 346 / 361  # when committed: 340; round 33 (r33df): 345; round 41: 346
BLIND_DC_MAX_SILENT = 2 / 361  # when committed: 5; round 33 (r33df): 2
BLIND_DD = DATA / "blind_phrases_dd.jsonl"  # stop 37's exam (Shanghai Minhang/Baoshan/Jiading sheet-metal, elevator and auto-interior shops, Shanghainese as typed), committed unchanged; first met on a2f75f4 310/359 right, 10 silent; round 32 as landed, never seen: the same
BLIND_DD_FLOOR = 338 / 359  # when committed: 310; r33dd: 335; round 33 merged: 336; round 38: 337; round 41: 338
BLIND_DD_MAX_SILENT = 4 / 359  # when committed: 10; r33dd: 4
BLIND_DE = DATA / "blind_phrases_de.jsonl"  # stop 37's exam (Wuxi/Changzhou/Jiangyin order clerks answering in numbered lists, bullets and tables pasted from Excel or an ERP), committed unchanged; first met on a2f75f4 410/442 right, 6 silent; round 32 as landed, never seen: the same
BLIND_DE_FLOOR = 421 / 442  # when committed: 410; r33de: 417; round 36: 419; round 38: 420; round 41: 421
BLIND_DE_MAX_SILENT = 6 / 442  # when committed: 6
BLIND_DF = DATA / "blind_phrases_df.jsonl"  # stop 37's exam (Haikou/Danzhou/Sanya auto parts, rubber and glass-fibre boat parts, Hainanese speakers), committed unchanged; first met on a2f75f4 325/349 right, 4 silent; round 32 as landed, never seen: the same
BLIND_DF_FLOOR = 340 / 349  # when committed: 325; round 33 (r33df): 339; round 38: 340
BLIND_DF_MAX_SILENT = 1 / 349  # when committed: 4; round 33 (r33df): 2; round 38: 1
BLIND_DG = DATA / "blind_phrases_dg.jsonl"  # stop 37's exam (the buyer's side of a Qingdao/Jinan appliance and HVAC maker: buyers, IQC, warehouse receivers and managers, with suppliers' answers), committed unchanged; first met on a2f75f4 311/345 right, 15 silent; round 32 as landed, never seen: the same
BLIND_DG_FLOOR = 323 / 345  # when committed: 311; r33dg: 320; round 36: 323
BLIND_DG_MAX_SILENT = 6 / 345  # when committed: 15; r33dg: 9; round 36: 6
BLIND_DH = DATA / "blind_phrases_dh.jsonl"  # stop 37's exam (Tangshan/Qian'an/Fengrun steel structures, sanitary ceramics and rail castings, Tangshan speech), committed unchanged; first met on a2f75f4 281/332 right, 9 silent; round 32 as landed, never seen: 282, 9 silent
BLIND_DH_FLOOR = 308 / 332  # when committed: 282; r33dd: 304; round 36: 305; round 38: 308
BLIND_DH_MAX_SILENT = 5 / 332  # when committed: 9; round 36: 6; round 41: 5
BLIND_DI = DATA / "blind_phrases_di.jsonl"  # stop 37's exam (Russian and Kazakh subcontractors of a Chinese car and truck plant in Tula/Kaluga: Russian in Cyrillic and Latin letters, day-first dotted dates, 1 200 with a space), committed unchanged; first met on a2f75f4 29/335 right, 17 silent; round 32 as landed, never seen: the same
BLIND_DI_FLOOR = 241 / 335  # when committed: 29; r33di (handlers/reading_russian.py, a script unread asked first): 240; round 36: 241
BLIND_DI_MAX_SILENT = 0 / 335  # when committed: 17; r33di: 0
BLIND_DJ = DATA / "blind_phrases_dj.jsonl"  # stop 37's exam (Singapore and Johor precision and electronics subcontractors: Singlish with lah/leh/liao, can or not, Malay and Chinese words), committed unchanged; first met on 89504d1 (round 32 merged) 329/388 right, 11 silent; round 33 as landed, never seen: the same
BLIND_DJ_FLOOR = 336 / 388  # when committed: 329; round 34: 336
BLIND_DJ_MAX_SILENT = 2 / 388  # when committed: 11; round 34: 2
BLIND_DK = DATA / "blind_phrases_dk.jsonl"  # stop 37's exam (Changde/Yiyang/Yueyang textile- and cigarette-machinery shops typing fuzzy pinyin: n/l, f/h, in/ing slips such as 花货 for 发货, 连底 for 年底; Xiang words), committed unchanged; first met on 89504d1 (round 32 merged) 324/375 right, 7 silent; round 33 as landed, never seen: the same
BLIND_DK_FLOOR = 360 / 375  # when committed: 324; round 34: 358; round 36: 359; round 41: 360
BLIND_DK_MAX_SILENT = 0 / 375  # when committed: 7; round 34: 0
BLIND_DL = DATA / "blind_phrases_dl.jsonl"  # stop 38's exam (Chongqing and Chengdu motorcycle and small-engine subcontractors: Sichuan-Chongqing speech, 要得 莫得 啥子, 好久 for when, 切 for 去, voice and flat-tongue slips), committed unchanged; first met on 60c9c3c 342/387 right, 13 silent
BLIND_DL_FLOOR = 374 / 387  # when committed: 342; round 34: 372; round 38: 373; round 41: 374
BLIND_DL_MAX_SILENT = 0 / 387  # when committed: 13; round 34: 0
BLIND_DN = DATA / "blind_phrases_dn.jsonl"  # stop 38's exam (Moroccan and Algerian subcontractors of a Chinese wheel and harness plant: chat French with Darija in Latin letters, day-first dates, semaine 47, 1 200), committed unchanged; first met on 60c9c3c 46/387 right, 2 silent
BLIND_DN_FLOOR = 321 / 387  # when committed: 46; round 34: 320; round 36: 321
BLIND_DN_MAX_SILENT = 0 / 387  # when committed: 2; round 34: 0
BLIND_DO = DATA / "blind_phrases_do.jsonl"  # stop 38's exam (a Japanese-owned plant in Wuxi, Suzhou and Dalian: Japanese in kana and kanji, IME slips such as 出火 for 出荷, full-width digits, subcontractors' broken Japanese), committed unchanged; first met on 60c9c3c 165/391 right, 48 silent
BLIND_DO_FLOOR = 251 / 391  # when committed: 165; round 34: 246; round 36: 251
BLIND_DO_MAX_SILENT = 6 / 391  # when committed: 48; round 34: 10; round 36: 6
BLIND_DP = DATA / "blind_phrases_dp.jsonl"  # stop 38's exam (Kunshan, Taicang and Wujiang connector suppliers' quality people and the customer's SQE and IQC: sampling, AQL, 特采, 8D, values with tolerances, date codes), committed unchanged; first met on 60c9c3c 308/379 right, 28 silent
BLIND_DP_FLOOR = 334 / 379  # when committed: 308; round 34: 331; round 36: 332; round 38: 333; round 41: 334
BLIND_DP_MAX_SILENT = 6 / 379  # when committed: 28; round 34: 8; round 41: 6
BLIND_DQ = DATA / "blind_phrases_dq.jsonl"  # stop 38's exam (Liuzhou, Yulin and Guigang truck, engine and construction-machinery subcontractors: Guiliu Mandarin and Guangxi Cantonese words, 克 for 去, 紧 for under way, 发得/发不得), committed unchanged; first met on 60c9c3c 352/382 right, 10 silent
BLIND_DQ_FLOOR = 358 / 382  # when committed: 352; round 34: 355; round 36: 356; round 38: 357; round 41: 358
BLIND_DQ_MAX_SILENT = 6 / 382  # when committed: 10; round 34: 8; round 36: 7; round 38: 6
BLIND_DR = DATA / "blind_phrases_dr.jsonl"  # stop 38's exam (Egyptian, Saudi and Emirati subcontractors of a Chinese fibreglass, cable and steel-structure plant: WhatsApp English with Arabic in Latin letters and digits for letters, 5alast, bokra, 3ayena; Eastern Arabic digits; Friday the weekend), committed unchanged; first met on 3f269ce 97/398 right, 8 silent
BLIND_DR_FLOOR = 287 / 398  # when committed: 97; round 34: 286; round 36: 287
BLIND_DR_MAX_SILENT = 4 / 398  # when committed: 8; round 34: 4
BLIND_DM = DATA / "blind_phrases_dm.jsonl"  # stop 38's exam (Yongkang, Jinhua and Wuyi hardware, power-tool and thermos-cup subcontractors around the Chinese New Year: dates by the lunar calendar and festivals, 腊月廿三, 正月初八开工, 年后, 元宵节后, shutdowns; Jinhua Wu words 弗 朆 晏), committed unchanged; first met on b7c35f0 341/395 right, 22 silent
BLIND_DM_FLOOR = 374 / 395  # when committed: 341; round 34: 366; round 36: 370; round 38: 372; round 41: 373; r41pq: 374
BLIND_DM_MAX_SILENT = 4 / 395  # when committed: 22; round 34: 10; round 36: 7; round 38: 6; round 41: 5; r41pq: 4
BLIND_DS = DATA / "blind_phrases_ds.jsonl"  # stop 38's exam (Zunyi, Guiyang and Anshun aerospace-part, aluminium-profile and electrical subcontractors: Guizhou speech, 哪样, 克 for 去, 老火, 板扎, 默到; voice slips), committed unchanged; written while round 34 ran and never seen by it: 327/366 right and 14 silent on 686c25a (before the round), 330 and 13 as landed (21f69d2)
BLIND_DS_FLOOR = 339 / 366  # when committed: 330; round 35: 338; round 41: 339
BLIND_DS_MAX_SILENT = 7 / 366  # when committed: 13; round 35: 8; round 41: 7
BLIND_DT = DATA / "blind_phrases_dt.jsonl"  # stop 38's exam (Dongguan and Bao'an injection, die-casting and SMT line leaders' shift-handover notes: 白班/夜班, 本班产量, 累计, 良率, 停机, 换模, 900模 一出四, night shifts' days), committed unchanged; written while round 34 ran and never seen by it: 229/379 right and 15 silent on 686c25a, 230 and 14 as landed (21f69d2)
BLIND_DT_FLOOR = 257 / 379  # when committed: 230; round 35: 257
BLIND_DT_MAX_SILENT = 7 / 379  # when committed: 14; round 35: 7
BLIND_DU = DATA / "blind_phrases_du.jsonl"  # stop 38's exam (Yancheng, Huai'an and Suqian auto, wind-power and textile-machinery subcontractors: Jianghuai Mandarin, 可 as a question, 歇 finished, 照/不照, 搞不赢, 上昼/下昼, 明个), committed unchanged; written while round 34 ran and never seen by it: 334/389 right and 16 silent on 686c25a, the same as landed (21f69d2)
BLIND_DU_FLOOR = 375 / 389  # when committed: 334; round 35: 371; round 36: 372; round 41: 373; r41pq: 375
BLIND_DU_MAX_SILENT = 5 / 389  # when committed: 16; round 35: 5
BLIND_DV = DATA / "blind_phrases_dv.jsonl"  # stop 39's exam (Ningbo and Hangzhou packaging-machinery and pump subcontractors: plain everyday Mandarin, the traffic the product is built for), committed unchanged: 343/349 right and 3 silent as first met
BLIND_DV_FLOOR = 343 / 349  # when committed: 343
BLIND_DV_MAX_SILENT = 3 / 349  # when committed: 3
BLIND_DW = DATA / "blind_phrases_dw.jsonl"  # stop 39's exam (Shenzhen drone and robot-vacuum makers' Pearl River Delta subcontractors: plain Mandarin of young engineers and merchandisers, English part and model codes beside the order), committed unchanged: 331/350 right and 6 silent as first met
BLIND_DW_FLOOR = 343 / 350  # when committed: 331; round 36: 341; round 41: 343
BLIND_DW_MAX_SILENT = 2 / 350  # when committed: 6; round 36: 4; round 41: 2
BLIND_DX = DATA / "blind_phrases_dx.jsonl"  # stop 39's exam (Lagos and Nairobi subcontractors of a Chinese motorcycle, pipe, tile and solar plant: Nigerian Pidgin, Kenyan English with Sheng and Swahili, day-first dates), committed unchanged: 176/358 right and 17 silent as first met
BLIND_DX_FLOOR = 285 / 358  # when committed: 176; round 36: 284; round 41: 285
BLIND_DX_MAX_SILENT = 13 / 358  # when committed: 17; round 36: 14; round 41: 13
BLIND_DY = DATA / "blind_phrases_dy.jsonl"  # stop 39's exam (Debrecen, Szeged, Zrenjanin and Niš subcontractors of Chinese EV, tyre and copper plants: Hungarian and Serbian in Latin letters, mostly without accents, db and kom), committed unchanged: 62/358 right and 3 silent as first met
BLIND_DY_FLOOR = 327 / 358  # when committed: 62; round 36: 327
BLIND_DY_MAX_SILENT = 0 / 358  # when committed: 3; round 36: 0
BLIND_DZ = DATA / "blind_phrases_dz.jsonl"  # stop 39's exam (Meizhou, Heyuan and southern Ganzhou electronics, magnet, hardware and ceramic subcontractors: Hakka words in characters, 佢 冇 𠊎 係 今晡日 天光日 做好哩), committed unchanged: 266/333 right and 24 silent as first met
BLIND_DZ_FLOOR = 307 / 333  # when committed: 266; round 36: 305; round 38: 306; round 41: 307
BLIND_DZ_MAX_SILENT = 9 / 333  # when committed: 24; round 36: 11; round 38: 10; round 41: 9
BLIND_EA = DATA / "blind_phrases_ea.jsonl"  # stop 39's exam (Foshan and Zhongshan lighting and furniture-hardware subcontractors: plain everyday Mandarin), committed unchanged and kept from round 36's tuners: 370/374 right and 1 silent as first met
BLIND_EA_FLOOR = 371 / 374  # when committed: 370; round 36: 371
BLIND_EA_MAX_SILENT = 1 / 374  # when committed: 1
BLIND_EB = DATA / "blind_phrases_eb.jsonl"  # stop 39's exam (Jinan and Zibo pump-valve and farm-machinery makers: plain Mandarin, half of it the maker's own side: buyers' questions, receipts, IQC, changes and closing), committed unchanged and kept from round 36's tuners: 334/361 right and 16 silent as first met
BLIND_EB_FLOOR = 349 / 361  # when committed: 334; round 36: 347; round 41: 349
BLIND_EB_MAX_SILENT = 6 / 361  # when committed: 16; round 36: 8; round 41: 6
BLIND_EC = DATA / "blind_phrases_ec.jsonl"  # stop 39's exam (Changzhou and Wuxi motor and gearbox makers: plain Mandarin, half of it the maker's own side: buyers, warehouse receipts short or damaged, IQC rejections, order changes), committed unchanged, written while round 36 ran and never seen by it: 353/371 right and 8 silent on 73575c3 (before the round), the same as landed
BLIND_EC_FLOOR = 364 / 371  # when committed: 353; r37ec: 361; round 41: 364
BLIND_EC_MAX_SILENT = 2 / 371  # when committed: 8; r37ec: 5; round 41: 2
BLIND_ED = DATA / "blind_phrases_ed.jsonl"  # stop 39's exam (Hefei and Chuzhou refrigerator and washing-machine makers: plain Mandarin, half of it the maker's own side: buyers, receipts short or over, IQC concessions, order changes), committed unchanged, written after round 36 landed: 334/362 right and 14 silent as first met on bd97ab1 (round 36 as landed), the same after r37ec
BLIND_ED_FLOOR = 349 / 362  # when committed: 334; round 38: 346; round 41: 349
BLIND_ED_MAX_SILENT = 5 / 362  # when committed: 14; round 38: 8; round 41: 5
BLIND_EE = DATA / "blind_phrases_ee.jsonl"  # stop 39's exam (Zhuzhou and Xiangtan rail-equipment subcontractors: plain Mandarin, mostly the supplier's side), committed unchanged, written after round 36 landed: 331/340 right and 5 silent as first met on bd97ab1 (round 36 as landed), the same after r37ec
BLIND_EE_FLOOR = 335 / 340  # when committed: 331; round 38: 335
BLIND_EE_MAX_SILENT = 1 / 340  # when committed: 5; round 38: 1
BLIND_EF = DATA / "blind_phrases_ef.jsonl"  # stop 40's exam (Qingdao, Weifang and Yantai rubber-part, tyre-mould and auto-seat subcontractors: plain everyday Mandarin, a little Jiaodong, mostly the supplier's side), committed unchanged, written after round 37 landed: 340/344 right and 1 silent as first met
BLIND_EF_FLOOR = 340 / 344  # when committed: 340
BLIND_EF_MAX_SILENT = 1 / 344  # when committed: 1
BLIND_EG = DATA / "blind_phrases_eg.jsonl"  # stop 40's exam (Xiamen and Quanzhou sanitary-ware, shoe-machine and stone-machinery makers: plain Mandarin, 43% of it the maker's own side: buyers, warehouse receipts short, over or damaged, IQC verdicts, exceptions taken and closed), committed unchanged, written after round 37 landed: 325/337 right and 5 silent as first met
BLIND_EG_FLOOR = 326 / 337  # when committed: 325; r41pq: 326
BLIND_EG_MAX_SILENT = 4 / 337  # when committed: 5; r41pq: 4
BLIND_EH = DATA / "blind_phrases_eh.jsonl"  # stop 40's exam (Tianjin and Langfang sheet-metal, electrical-cabinet and HVAC-duct subcontractors: plain Mandarin, the supplier's side, many quality lines: measured values, lots, defects with rework and scrap), committed unchanged, written after round 37 landed: 339/368 right and 11 silent as first met
BLIND_EH_FLOOR = 347 / 368  # when committed: 339; round 38: 347
BLIND_EH_MAX_SILENT = 6 / 368  # when committed: 11; round 38: 6
BLIND_EI = DATA / "blind_phrases_ei.jsonl"  # stop 40's exam (Xi'an and Baoji titanium, aerospace-fastener and bearing subcontractors: plain Mandarin, the supplier's side, dates said every way and delays with reasons), committed unchanged, written after round 37 landed: 338/359 right and 9 silent as first met
BLIND_EI_FLOOR = 347 / 359  # when committed: 338; round 38: 343; round 41: 346; r41pq: 347
BLIND_EI_MAX_SILENT = 0 / 359  # when committed: 9; round 38: 3; round 41: 0
BLIND_EJ = DATA / "blind_phrases_ej.jsonl"  # stop 40's exam (Shenyang and Dalian machine-tool and valve makers: plain Mandarin, 39% of it the maker's own side: buyers' free questions, exceptions, receipts and IQC), committed unchanged, written after round 37 landed: 346/353 right and 1 silent as first met
BLIND_EJ_FLOOR = 347 / 353  # when committed: 346; round 41: 347
BLIND_EJ_MAX_SILENT = 1 / 353  # when committed: 1
BLIND_EK = DATA / "blind_phrases_ek.jsonl"  # stop 40's exam (Nanchang, Jiujiang and Ganzhou auto-part, copper-wire and rare-earth-magnet subcontractors: plain Mandarin, mostly the supplier's side, a little Gan), committed unchanged, written after round 38 landed and never seen by it: 323/332 right and 7 silent as first met
BLIND_EK_FLOOR = 326 / 332  # when committed: 323; round 41: 326
BLIND_EK_MAX_SILENT = 4 / 332  # when committed: 7; round 41: 4
BLIND_EL = DATA / "blind_phrases_el.jsonl"  # stop 41's exam (Shijiazhuang, Baoding and Xingtai auto-part subcontractors: plain Mandarin with a little Hebei speech, 31% the maker's side), committed unchanged, written after round 38 landed and never seen by it: 353/362 right and 3 silent as first met
BLIND_EL_FLOOR = 357 / 362  # when committed: 353; round 41: 354; r41pq: 357
BLIND_EL_MAX_SILENT = 1 / 362  # when committed: 3; round 41: 2; r41pq: 1
BLIND_EM = DATA / "blind_phrases_em.jsonl"  # stop 41's exam (Wenzhou auto-part, pump and shoe-machine makers and their subcontractors: plain Mandarin, 45% the makers' own side), committed unchanged, written after round 38 landed and never seen by it: 358/371 right and 1 silent as first met
BLIND_EM_FLOOR = 360 / 371  # when committed: 358; round 41: 359; r41pq: 360
BLIND_EM_MAX_SILENT = 1 / 371  # when committed: 1
BLIND_EN = DATA / "blind_phrases_en.jsonl"  # stop 41's exam (Yangzhou, Zhenjiang and Taizhou valve, pump and ship-outfitting subcontractors: plain Mandarin with a little Jianghuai colour, mostly the supplier's side), committed unchanged, written after round 38 landed and never seen by it: 323/341 right and 8 silent as first met
BLIND_EN_FLOOR = 336 / 341  # when committed: 323; round 41: 336
BLIND_EN_MAX_SILENT = 3 / 341  # when committed: 8; round 41: 3
BLIND_EO = DATA / "blind_phrases_eo.jsonl"  # stop 41's exam (Jiangmen, Kaiping and Heshan sanitary-ware, faucet, motorcycle-part and stainless subcontractors: plain Mandarin as Guangdong people type it, mostly the supplier's side), committed unchanged, written after round 38 landed and never seen by it: 373/376 right and 0 silent as first met
BLIND_EO_FLOOR = 374 / 376  # when committed: 373; round 41: 374
BLIND_EO_MAX_SILENT = 0 / 376  # when committed: 0
BLIND_EP = DATA / "blind_phrases_ep.jsonl"  # stop 41's exam (Hangzhou Xiaoshan and Shaoxing Zhuji auto-part, bearing-ring and valve subcontractors: plain Mandarin, about a quarter the maker's side), committed unchanged, written while round 41 ran and never seen by it: 352/365 right and 5 silent as first met, the same on round 41 as merged
BLIND_EP_FLOOR = 358 / 365  # when committed: 352; r41pq: 358
BLIND_EP_MAX_SILENT = 0 / 365  # when committed: 5; r41pq: 0
BLIND_EQ = DATA / "blind_phrases_eq.jsonl"  # stop 41's exam (Jiaxing, Pinghu and Haining fastener, bearing and warp-knitting-machine-part subcontractors: plain Mandarin, dates, delays and quantities every way), committed unchanged, written while round 41 ran and never seen by it: 347/357 right and 2 silent as first met, the same on round 41 as merged
BLIND_EQ_FLOOR = 353 / 357  # when committed: 347; r41pq: 353
BLIND_EQ_MAX_SILENT = 0 / 357  # when committed: 2; r41pq: 0
OWN_HELD_OUT = (DATA / "own_held_out.jsonl", DATA / "own_held_out_2.jsonl", DATA / "own_held_out_3.jsonl",
                DATA / "own_held_out_4.jsonl", DATA / "own_held_out_5.jsonl", DATA / "own_held_out_6.jsonl",
                DATA / "own_held_out_7.jsonl", DATA / "own_held_out_8.jsonl")
OWN_FLOOR = 0.95
OWN_MAX_SILENT = 0.02
REQUIRED_ACCURACY = 0.99
BLIND_ACCURACY = 0.95
MAX_SILENT = 0.01
MAX_CONFIRM_FIRST = 0.10  # asking first must stay rare on ordinary traffic
MIN_PHRASES = 260



@cache
def scored(corpus: Path) -> Report:
    """Each corpus read once a session: several tests hold the same report to different bars."""
    return evaluate(load_corpus(corpus))

def test_the_corpus_is_large_and_well_formed() -> None:
    cases = load_corpus(CORPUS)
    assert len(cases) >= MIN_PHRASES
    for case in cases:
        assert case.role in ROLES, case
        assert case.expect["intent"] in INTENTS, case
        assert case.now.tzinfo is not None, case
        assert isinstance(case.now, datetime)


def test_the_corpus_is_read_correctly(capsys: pytest.CaptureFixture[str]) -> None:
    report = scored(CORPUS)
    with capsys.disabled():
        print("\n" + format_report(report, CORPUS.name))
    assert report.right_share >= REQUIRED_ACCURACY, f"{report.right_share:.1%} right, below {REQUIRED_ACCURACY:.0%}"
    assert report.silent_share <= MAX_SILENT, f"{report.silent_share:.1%} silent misrecords"
    assert report.confirm_share <= MAX_CONFIRM_FIRST, f"{report.confirm_share:.1%} asked first"


# Each blind corpus: its file, the fewest phrases it may hold, and the bar it is held to.
BLIND_BARS = [
    (BLIND, 300, 404 / 405, 0.0),  # raised to what the reader reaches (reader6); line 8 (首件做好了 等你们确认, done)
    # is its writer's against nine of thirteen since the first article awaiting its verdict was ruled begun (stop 28)
    # B's lines 31, 33, 160 (车了600件了, 冲了3000只, 五千件里已经车好四千二) read a one-character step verb beside a
    # count as the processing; seven writers of eight (AA AB AE G M N P) read it as the doc's bare count, which the
    # reader follows since stop 27: B holds 233 and those 3 as its disagreements with the house.
    (BLIND_B, 230, 233 / 236, 3 / 236),
    (BLIND_C, 260, 264 / 265, 0.0),
    (BLIND_D, 300, BLIND_D_FLOOR, BLIND_D_MAX_SILENT),
    (BLIND_E, 300, BLIND_E_FLOOR, BLIND_E_MAX_SILENT),
    (BLIND_F, 380, BLIND_F_FLOOR, BLIND_F_MAX_SILENT),
    (BLIND_G, 380, BLIND_G_FLOOR, BLIND_G_MAX_SILENT),
    (BLIND_H, 430, BLIND_H_FLOOR, BLIND_H_MAX_SILENT),
    (BLIND_I, 380, BLIND_I_FLOOR, BLIND_I_MAX_SILENT),
    (BLIND_J, 360, BLIND_J_FLOOR, BLIND_J_MAX_SILENT),
    (BLIND_K, 380, BLIND_K_FLOOR, BLIND_K_MAX_SILENT),
    (BLIND_L, 390, BLIND_L_FLOOR, BLIND_L_MAX_SILENT),
    (BLIND_M, 360, BLIND_M_FLOOR, BLIND_M_MAX_SILENT),
    (BLIND_N, 400, BLIND_N_FLOOR, BLIND_N_MAX_SILENT),
    (BLIND_O, 380, BLIND_O_FLOOR, BLIND_O_MAX_SILENT),
    (BLIND_P, 350, BLIND_P_FLOOR, BLIND_P_MAX_SILENT),
    (BLIND_Q, 320, BLIND_Q_FLOOR, BLIND_Q_MAX_SILENT),
    (BLIND_R, 330, BLIND_R_FLOOR, BLIND_R_MAX_SILENT),
    (BLIND_S, 370, BLIND_S_FLOOR, BLIND_S_MAX_SILENT),
    (BLIND_T, 380, BLIND_T_FLOOR, BLIND_T_MAX_SILENT),
    (BLIND_U, 360, BLIND_U_FLOOR, BLIND_U_MAX_SILENT),
    (BLIND_V, 360, BLIND_V_FLOOR, BLIND_V_MAX_SILENT),
    (BLIND_W, 360, BLIND_W_FLOOR, BLIND_W_MAX_SILENT),
    (BLIND_X, 400, BLIND_X_FLOOR, BLIND_X_MAX_SILENT),
    (BLIND_Y, 350, BLIND_Y_FLOOR, BLIND_Y_MAX_SILENT),
    (BLIND_Z, 340, BLIND_Z_FLOOR, BLIND_Z_MAX_SILENT),
    (BLIND_AA, 380, BLIND_AA_FLOOR, BLIND_AA_MAX_SILENT),
    (BLIND_AB, 350, BLIND_AB_FLOOR, BLIND_AB_MAX_SILENT),
    (BLIND_AC, 380, BLIND_AC_FLOOR, BLIND_AC_MAX_SILENT),
    (BLIND_AD, 360, BLIND_AD_FLOOR, BLIND_AD_MAX_SILENT),
    (BLIND_AE, 390, BLIND_AE_FLOOR, BLIND_AE_MAX_SILENT),
    (BLIND_AF, 350, BLIND_AF_FLOOR, BLIND_AF_MAX_SILENT),
    (BLIND_AG, 360, BLIND_AG_FLOOR, BLIND_AG_MAX_SILENT),
    (BLIND_AH, 350, BLIND_AH_FLOOR, BLIND_AH_MAX_SILENT),
    (BLIND_AI, 360, BLIND_AI_FLOOR, BLIND_AI_MAX_SILENT),
    (BLIND_AJ, 350, BLIND_AJ_FLOOR, BLIND_AJ_MAX_SILENT),
    (BLIND_AK, 360, BLIND_AK_FLOOR, BLIND_AK_MAX_SILENT),
    (BLIND_AL, 330, BLIND_AL_FLOOR, BLIND_AL_MAX_SILENT),
    (BLIND_AM, 330, BLIND_AM_FLOOR, BLIND_AM_MAX_SILENT),
    (BLIND_AN, 350, BLIND_AN_FLOOR, BLIND_AN_MAX_SILENT),
    (BLIND_AP, 350, BLIND_AP_FLOOR, BLIND_AP_MAX_SILENT),
    (BLIND_AQ, 360, BLIND_AQ_FLOOR, BLIND_AQ_MAX_SILENT),
    (BLIND_AO, 400, BLIND_AO_FLOOR, BLIND_AO_MAX_SILENT),
    (BLIND_AR, 380, BLIND_AR_FLOOR, BLIND_AR_MAX_SILENT),
    (BLIND_AS, 380, BLIND_AS_FLOOR, BLIND_AS_MAX_SILENT),
    (BLIND_AT, 360, BLIND_AT_FLOOR, BLIND_AT_MAX_SILENT),
    (BLIND_AU, 360, BLIND_AU_FLOOR, BLIND_AU_MAX_SILENT),
    (BLIND_AV, 350, BLIND_AV_FLOOR, BLIND_AV_MAX_SILENT),
    (BLIND_AW, 350, BLIND_AW_FLOOR, BLIND_AW_MAX_SILENT),
    (BLIND_AX, 350, BLIND_AX_FLOOR, BLIND_AX_MAX_SILENT),
    (BLIND_AY, 330, BLIND_AY_FLOOR, BLIND_AY_MAX_SILENT),
    (BLIND_AZ, 340, BLIND_AZ_FLOOR, BLIND_AZ_MAX_SILENT),
    (BLIND_BA, 340, BLIND_BA_FLOOR, BLIND_BA_MAX_SILENT),
    (BLIND_BB, 340, BLIND_BB_FLOOR, BLIND_BB_MAX_SILENT),
    (BLIND_BC, 350, BLIND_BC_FLOOR, BLIND_BC_MAX_SILENT),
    (BLIND_BD, 360, BLIND_BD_FLOOR, BLIND_BD_MAX_SILENT),
    (BLIND_BE, 380, BLIND_BE_FLOOR, BLIND_BE_MAX_SILENT),
    (BLIND_BF, 390, BLIND_BF_FLOOR, BLIND_BF_MAX_SILENT),
    (BLIND_BG, 360, BLIND_BG_FLOOR, BLIND_BG_MAX_SILENT),
    (BLIND_BH, 400, BLIND_BH_FLOOR, BLIND_BH_MAX_SILENT),
    (BLIND_BI, 410, BLIND_BI_FLOOR, BLIND_BI_MAX_SILENT),
    (BLIND_BJ, 360, BLIND_BJ_FLOOR, BLIND_BJ_MAX_SILENT),
    (BLIND_BK, 360, BLIND_BK_FLOOR, BLIND_BK_MAX_SILENT),
    (BLIND_BL, 380, BLIND_BL_FLOOR, BLIND_BL_MAX_SILENT),
    (BLIND_BM, 420, BLIND_BM_FLOOR, BLIND_BM_MAX_SILENT),
    (BLIND_BN, 330, BLIND_BN_FLOOR, BLIND_BN_MAX_SILENT),
    (BLIND_BO, 340, BLIND_BO_FLOOR, BLIND_BO_MAX_SILENT),
    (BLIND_BP, 370, BLIND_BP_FLOOR, BLIND_BP_MAX_SILENT),
    (BLIND_BQ, 390, BLIND_BQ_FLOOR, BLIND_BQ_MAX_SILENT),
    (BLIND_BR, 380, BLIND_BR_FLOOR, BLIND_BR_MAX_SILENT),
    (BLIND_BS, 340, BLIND_BS_FLOOR, BLIND_BS_MAX_SILENT),
    (BLIND_BT, 370, BLIND_BT_FLOOR, BLIND_BT_MAX_SILENT),
    (BLIND_BU, 350, BLIND_BU_FLOOR, BLIND_BU_MAX_SILENT),
    (BLIND_BV, 340, BLIND_BV_FLOOR, BLIND_BV_MAX_SILENT),
    (BLIND_BW, 340, BLIND_BW_FLOOR, BLIND_BW_MAX_SILENT),
    (BLIND_BX, 330, BLIND_BX_FLOOR, BLIND_BX_MAX_SILENT),
    (BLIND_BY, 330, BLIND_BY_FLOOR, BLIND_BY_MAX_SILENT),
    (BLIND_BZ, 360, BLIND_BZ_FLOOR, BLIND_BZ_MAX_SILENT),
    (BLIND_CA, 330, BLIND_CA_FLOOR, BLIND_CA_MAX_SILENT),
    (BLIND_CB, 330, BLIND_CB_FLOOR, BLIND_CB_MAX_SILENT),
    (BLIND_CC, 330, BLIND_CC_FLOOR, BLIND_CC_MAX_SILENT),
    (BLIND_CD, 330, BLIND_CD_FLOOR, BLIND_CD_MAX_SILENT),
    (BLIND_CE, 360, BLIND_CE_FLOOR, BLIND_CE_MAX_SILENT),
    (BLIND_CG, 360, BLIND_CG_FLOOR, BLIND_CG_MAX_SILENT),
    (BLIND_CH, 350, BLIND_CH_FLOOR, BLIND_CH_MAX_SILENT),
    (BLIND_CI, 330, BLIND_CI_FLOOR, BLIND_CI_MAX_SILENT),
    (BLIND_CF, 400, BLIND_CF_FLOOR, BLIND_CF_MAX_SILENT),
    (BLIND_CJ, 360, BLIND_CJ_FLOOR, BLIND_CJ_MAX_SILENT),
    (BLIND_CK, 340, BLIND_CK_FLOOR, BLIND_CK_MAX_SILENT),
    (BLIND_CL, 330, BLIND_CL_FLOOR, BLIND_CL_MAX_SILENT),
    (BLIND_CN, 340, BLIND_CN_FLOOR, BLIND_CN_MAX_SILENT),
    (BLIND_CO, 340, BLIND_CO_FLOOR, BLIND_CO_MAX_SILENT),
    (BLIND_CS, 360, BLIND_CS_FLOOR, BLIND_CS_MAX_SILENT),
    (BLIND_CM, 330, BLIND_CM_FLOOR, BLIND_CM_MAX_SILENT),
    (BLIND_CP, 340, BLIND_CP_FLOOR, BLIND_CP_MAX_SILENT),
    (BLIND_CQ, 330, BLIND_CQ_FLOOR, BLIND_CQ_MAX_SILENT),
    (BLIND_CR, 360, BLIND_CR_FLOOR, BLIND_CR_MAX_SILENT),
    (BLIND_CT, 330, BLIND_CT_FLOOR, BLIND_CT_MAX_SILENT),
    (BLIND_CU, 340, BLIND_CU_FLOOR, BLIND_CU_MAX_SILENT),
    (BLIND_CV, 370, BLIND_CV_FLOOR, BLIND_CV_MAX_SILENT),
    (BLIND_CW, 340, BLIND_CW_FLOOR, BLIND_CW_MAX_SILENT),
    (BLIND_CX, 340, BLIND_CX_FLOOR, BLIND_CX_MAX_SILENT),
    (BLIND_CY, 380, BLIND_CY_FLOOR, BLIND_CY_MAX_SILENT),
    (BLIND_CZ, 330, BLIND_CZ_FLOOR, BLIND_CZ_MAX_SILENT),
    (BLIND_DA, 350, BLIND_DA_FLOOR, BLIND_DA_MAX_SILENT),
    (BLIND_DB, 340, BLIND_DB_FLOOR, BLIND_DB_MAX_SILENT),
    (BLIND_DC, 350, BLIND_DC_FLOOR, BLIND_DC_MAX_SILENT),
    (BLIND_DD, 350, BLIND_DD_FLOOR, BLIND_DD_MAX_SILENT),
    (BLIND_DE, 430, BLIND_DE_FLOOR, BLIND_DE_MAX_SILENT),
    (BLIND_DF, 340, BLIND_DF_FLOOR, BLIND_DF_MAX_SILENT),
    (BLIND_DG, 340, BLIND_DG_FLOOR, BLIND_DG_MAX_SILENT),
    (BLIND_DH, 330, BLIND_DH_FLOOR, BLIND_DH_MAX_SILENT),
    (BLIND_DI, 330, BLIND_DI_FLOOR, BLIND_DI_MAX_SILENT),
    (BLIND_DJ, 380, BLIND_DJ_FLOOR, BLIND_DJ_MAX_SILENT),
    (BLIND_DK, 370, BLIND_DK_FLOOR, BLIND_DK_MAX_SILENT),
    (BLIND_DL, 380, BLIND_DL_FLOOR, BLIND_DL_MAX_SILENT),
    (BLIND_DN, 380, BLIND_DN_FLOOR, BLIND_DN_MAX_SILENT),
    (BLIND_DO, 390, BLIND_DO_FLOOR, BLIND_DO_MAX_SILENT),
    (BLIND_DP, 370, BLIND_DP_FLOOR, BLIND_DP_MAX_SILENT),
    (BLIND_DQ, 380, BLIND_DQ_FLOOR, BLIND_DQ_MAX_SILENT),
    (BLIND_DR, 390, BLIND_DR_FLOOR, BLIND_DR_MAX_SILENT),
    (BLIND_DM, 390, BLIND_DM_FLOOR, BLIND_DM_MAX_SILENT),
    (BLIND_DS, 360, BLIND_DS_FLOOR, BLIND_DS_MAX_SILENT),
    (BLIND_DT, 370, BLIND_DT_FLOOR, BLIND_DT_MAX_SILENT),
    (BLIND_DU, 380, BLIND_DU_FLOOR, BLIND_DU_MAX_SILENT),
    (BLIND_DV, 340, BLIND_DV_FLOOR, BLIND_DV_MAX_SILENT),
    (BLIND_DW, 340, BLIND_DW_FLOOR, BLIND_DW_MAX_SILENT),
    (BLIND_DX, 350, BLIND_DX_FLOOR, BLIND_DX_MAX_SILENT),
    (BLIND_DY, 350, BLIND_DY_FLOOR, BLIND_DY_MAX_SILENT),
    (BLIND_DZ, 330, BLIND_DZ_FLOOR, BLIND_DZ_MAX_SILENT),
    (BLIND_EA, 360, BLIND_EA_FLOOR, BLIND_EA_MAX_SILENT),
    (BLIND_EB, 350, BLIND_EB_FLOOR, BLIND_EB_MAX_SILENT),
    (BLIND_EC, 360, BLIND_EC_FLOOR, BLIND_EC_MAX_SILENT),
    (BLIND_ED, 350, BLIND_ED_FLOOR, BLIND_ED_MAX_SILENT),
    (BLIND_EE, 330, BLIND_EE_FLOOR, BLIND_EE_MAX_SILENT),
    (BLIND_EF, 340, BLIND_EF_FLOOR, BLIND_EF_MAX_SILENT),
    (BLIND_EG, 330, BLIND_EG_FLOOR, BLIND_EG_MAX_SILENT),
    (BLIND_EH, 360, BLIND_EH_FLOOR, BLIND_EH_MAX_SILENT),
    (BLIND_EI, 350, BLIND_EI_FLOOR, BLIND_EI_MAX_SILENT),
    (BLIND_EJ, 350, BLIND_EJ_FLOOR, BLIND_EJ_MAX_SILENT),
    (BLIND_EK, 330, BLIND_EK_FLOOR, BLIND_EK_MAX_SILENT),
    (BLIND_EL, 360, BLIND_EL_FLOOR, BLIND_EL_MAX_SILENT),
    (BLIND_EM, 370, BLIND_EM_FLOOR, BLIND_EM_MAX_SILENT),
    (BLIND_EN, 340, BLIND_EN_FLOOR, BLIND_EN_MAX_SILENT),
    (BLIND_EO, 370, BLIND_EO_FLOOR, BLIND_EO_MAX_SILENT),
    (BLIND_EP, 360, BLIND_EP_FLOOR, BLIND_EP_MAX_SILENT),
    (BLIND_EQ, 350, BLIND_EQ_FLOOR, BLIND_EQ_MAX_SILENT),
]


@pytest.mark.parametrize(("corpus", "fewest", "floor", "max_silent"), BLIND_BARS,
                         ids=[bar[0].stem for bar in BLIND_BARS])
def test_each_blind_corpus_is_read_right_and_never_silently_wrong(
    corpus: Path, fewest: int, floor: float, max_silent: float, capsys: pytest.CaptureFixture[str],
) -> None:
    report = scored(corpus)
    with capsys.disabled():
        print("\n" + format_report(report, corpus.name))
    assert report.total >= fewest
    assert report.right_share >= floor, f"{report.right_share:.1%} right, below {floor:.1%}"
    assert report.silent_share <= max_silent, f"{report.silent_share:.1%} silent misrecords, above {max_silent:.1%}"


def test_asking_first_stays_rare_on_the_fifth_blind_corpus() -> None:
    report = scored(BLIND_E)
    assert report.ordinary_total >= 90  # 99 ordinary phrases: one short of the shared test's hundred
    assert report.ordinary_confirm_share <= MAX_CONFIRM_FIRST, (
        f"{report.ordinary_confirm_share:.1%} of ordinary messages asked first"
    )


@pytest.mark.parametrize("corpus", OWN_HELD_OUT, ids=lambda path: path.stem)
def test_the_readers_own_held_out_sets_do_not_fall_back(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = scored(corpus)
    with capsys.disabled():
        print("\n" + format_report(report, corpus.name))
    assert report.total >= 40
    assert report.right_share >= OWN_FLOOR, f"{report.right_share:.1%} right, below {OWN_FLOOR:.0%}"
    assert report.silent_share <= OWN_MAX_SILENT, f"{report.silent_share:.1%} silent misrecords"


# An exam that asks first on more than one ordinary message in ten, as met, is held as a known failure, strict: the
# day it falls under the limit, its mark must go. The reader asks rather than guess where it does not know a
# register's words (steps such as 压端子, formal letters, Wu sentences).
# Stop 28's AK, AL, AM and stop 29's AO and AR were such; each left once its register's words were read (reader16a:
# stock by any name, one word naming the goods; reader16b: a part a shop names by its own word, Wu and Shandong
# words; reader17a/b: a step the shop words lack named in its slot, `8801 切管完了`, `贴花完了`, Tianjin's 么), and
# stop 29's AU (15.5%) at reader18b: 9.2%, once the goods named before the whole report (`海绵发了 1000个`, `base 抛光完了`)
# no longer held their count in doubt. Stop 30's exams AY, AZ and BA ask first too often after reader18a/b (AY
# 12.7%: Wuhan words; AZ 10.7%: Hakka day words and spoken digits; BA 19.3%: Malaysian English); each left at
# reader20b (AY 9.6%, AZ 6.6%, BA 9.9%: the dialects' own words for how/not yet/done, an unknown word before a known
# part's name). Stop 31's exams BB (10.4%: Taiwanese Mandarin in Traditional characters) and BE (10.6%: Wenzhou voice
# dictation, pinyin initials) ask first too often as met, after reader20a/b. Stop 32's BI (a medical-device maker's
# formal QA register: part names such as 皮质骨螺钉 HA4.5, document words, hedges such as 大约) asks first on 17.7% of its
# ordinary lines after round 23 (22.6% as met); BG (Vietnamese words) fell from 18.0% to 9.2% with round 23's reading of them.
# Stop 33's BN (11.6% as met) and BO (12.2%) left at round 25 (r25zh-a and r25zh-b): an order after words of who writes, the
# registers' words of no fact (Jiaodong 忒/焦, the Northwest's 麻达, Hui courtesies, Minnan 知影), where goods went from and
# who hauls them, and the parts and steps of mould making, rail car bodies, marine diesels and mud pumps. Stop 33's second
# exam BS (10.2% as met) and BT (11.0%) left at round 26 (r26de: 9.6%, 9.7%): Xinjiang's Uyghur words, German words of
# the trade, calendar weeks and day-first dotted dates. Stop 33's third exam BX (11.5% as met) left at round 27 (r27fz:
# 5.7%): Fuzhou's words of no fact (the family a child types for, 好的 我跟阿爸讲), a motor shop's parts, gauges and steps.
# Stop 33's third exam BY (37.4% as met: Bahasa Indonesia, a language the reader did not read) left at round 27 (r27id:
# 6.1%), once its words were said in English (handlers/reading_indonesia.py). Stop 35's CI (25.9% as met: Thai-English
# and Thai in Latin letters) never held its mark: round 28 (r28th) read it at 8.3% as it landed (handlers/reading_thai_latin.py,
# Thai English's base verbs and its particles mid-sentence). Stop 35's CK (23.6% as met: Pakistani English with Urdu in
# Latin letters) left at round 29 (r29pk: 8.7%), once its words were said in English (handlers/reading_pakistan.py).
# Stop 36's CN (42.6% as met: Taglish, Tagalog words mid-sentence) left at round 30 (r30cn: 8.8%), once its words were
# said in English (handlers/reading_tagalog.py). Stop 36's CM (10.4% as met: Yunnan speech) left at round 31 (r31a: 8.8%),
# once a particle after a day to come (后天发喽) was read as its tone, not as a 了 of what is done.
# Stop 36's CP (10.2% as met: Puxian speakers at shoe and furniture
# shops) left at round 31 (r31d: 6.1%), once its shops' steps and goods were words of the reader (针车, 雕花, 鞋面, 扶手).
# Stop 37's DD (12.4% as met: Shanghainese) and DH (14.4% as met: Tangshan speech) left at round 33 (r33dd: 8.6% each),
# once Wu's 光, 勿 and 脱 were folded to the Mandarin they mean, and a ceramics works' steps, ware and kiln, the north's
# 贼 and 咋整 beside a fact, were words of the reader.
# Stop 37's DF (15.1% as met: Hainanese speakers at rubber and glass-fibre boat-part shops) left at round 33 (r33df:
# 8.0%), once its trade's stock and steps were words of the reader (树脂, 胶衣, 手糊, 脱模) and a town sent to, or the
# Strait's ferry, no unexplained word.
# Stop 38's DL (10.6% as met: Sichuan-Chongqing speech) left at round 34 (r34dl: 9.7%), once its 好久 (when), 好多 (how
# many), 二天 and 拖起了 were words of the reader.
# Stop 38's DU (13.4% as met: northern Jiangsu's Jianghuai Mandarin) left at round 35 (r35ds: 6.5%), once its 歇 (finished),
# 可 as a question and 照 (OK) were words of the reader.
# Stop 40's EH (11.2% as met: sheet-metal and duct subcontractors' quality lines) left at round 38 (r38eh: 8.9%), once
# stock named with a step's word (镀锌板), the trade's parts and insulation were words of the reader.
ASKING_TOO_OFTEN: tuple[tuple[Path, str], ...] = (  # (corpus, share asked first when committed)
    (BLIND_BI, "17.7%"),
    (BLIND_BK, "17.9%"),  # Spanish: 24.5% as met; round 24's Spanish words took it to 17.9% (hedges, greetings, en camino)
    # stop 36, as met: waybill, container, plate, phone and model numbers beside the order; r30cl: 23.6%; round 30 (r30co):
    # 22.2%, its writer's own expectation asks first on 60 of its 203 ordinary lines (29.6%), so 10% is out of reach by its own count
    (BLIND_CO, "21.7%"),
    (BLIND_CS, "25.9%"),  # stop 36, as met: Chinese export clerks' English (Chinglish tense, ETD, PI, ctns)
    # BLIND_CQ (stop 36, the formal register of state-owned enterprises): 15.8% as met; r31b: 4.1%, held to 10% with the rest
    (BLIND_CU, "17.3%"),  # stop 36: Tongtai and Qihai speakers (16.8% as first met); r32cw, r32da: 15.3%
    (BLIND_CV, "10.2%"),  # stop 36: long run-on voice dictations; r32cw: 11.6% (three silent lines now asked)
    (BLIND_CW, "20.3%"),  # stop 36: native American business English; r32cw: 20.3% (silent 16 -> 8)
    (BLIND_CY, "38.9%"),  # stop 37, as met: Brazilian Portuguese, a language the reader did not read; r32cy: 13.5%
    (BLIND_DA, "15.7%"),  # stop 37, as met: Gen-Z slang and pinyin abbreviations; r32da: 12.1%
    (BLIND_DI, "10.2%"),  # stop 37, as met: Russian, read as numbers with 17 lines recorded silently; r33di: 25.5%, what it
    # cannot read asked, never recorded (handlers/reading_russian.py, and a word of an unread script a doubt sign)
    (BLIND_DJ, "12.9%"),  # stop 37, never tuned on then: Singlish; r34dj: 11.1% (its silent 11 -> 2)
    (BLIND_DN, "37.4%"),  # stop 38, as met: chat French and Darija, a language the reader did not read; r34dn: 27.4%
    (BLIND_DO, "23.0%"),  # stop 38, as met: Japanese in kana and kanji, 48 lines recorded silently; r34do: 25.7%
    (BLIND_DP, "17.8%"),  # stop 38, as met: a quality department's sampling words; r34dp: 16.0%
    (BLIND_DQ, "20.2%"),  # stop 38, as met: Guiliu Mandarin and Guangxi Cantonese words; round 34 never tuned on it: 20.2%
    (BLIND_DR, "26.9%"),  # stop 38, as met: Arabizi, English with Arabic in Latin letters and digits; r34dr: 31.8%
    (BLIND_DM, "10.2%"),  # stop 38, as met: lunar and festival dates, Jinhua Wu words; r34dm: 12.0% (lunar days shown first)
    (BLIND_DS, "14.8%"),  # stop 38, never seen by round 34: Guizhou speech; r35ds: 15.2%
    (BLIND_DT, "45.0%"),  # stop 38, never seen by round 34: shift-handover notes, counts beside shots, hours, lines and yields; r35dt: 48.2%
    # BLIND_DU (stop 38: Jianghuai Mandarin of northern Jiangsu): 13.4% as met; r35ds (歇, 可, 照 read): held to 10% with the rest
    (BLIND_DX, "39.0%"),  # stop 39, as met: Nigerian Pidgin and Kenyan English with Swahili, a register the reader did not read; r36dx: 24.4%
    (BLIND_DY, "18.9%"),  # stop 39, as met: Hungarian and Serbian, languages the reader did not read (62 of 358 right, 3 silent); r36dy: 18.4%
    (BLIND_DZ, "15.5%"),  # stop 39, as met: Hakka words in characters; r36dz: 11.3%
    # BLIND_EQ (stop 41: knitting-machine and fastener parts, 沉降片, 梳栉, 保持架, the reader had no word of): 12.2% as met;
    # r41pq (the trades' words): 7.8%, held to 10% with the rest
)
OVER_THE_LIMIT = [pytest.param(corpus, marks=pytest.mark.xfail(strict=True, reason=f"asks first on {share} of ordinary lines"))
                  for corpus, share in ASKING_TOO_OFTEN]


# Every exam above is held to it, but E (its own test: 99 ordinary lines) and those asking too often (strict xfails).
ASKED_RARELY = [CORPUS, *(bar[0] for bar in BLIND_BARS if bar[0] != BLIND_E and bar[0] not in dict(ASKING_TOO_OFTEN))]


@pytest.mark.parametrize("corpus", [*ASKED_RARELY, *OVER_THE_LIMIT], ids=lambda path: path.stem)
def test_asking_first_stays_rare_on_ordinary_traffic(corpus: Path) -> None:
    report = scored(corpus)
    assert report.ordinary_total >= 100
    assert report.ordinary_confirm_share <= MAX_CONFIRM_FIRST, (
        f"{report.ordinary_confirm_share:.1%} of ordinary messages asked first"
    )


# Issue 14's bar (>= 95% right, <= 1% silent misrecords) on an exam no tuner had seen when it landed: BZ (Dongbei speech)
# was written blind while round 27 ran on other exams, first met on b105d6c at 353/369 right and 4 silent (1.08%), and
# read by round 27 as landed, which never saw it, at 353 right and 3 silent (0.81%). Of stop 34's six exams it is the
# one that meets the bar (CA-CE: 94.6-96.4% right, 4-7 silent); they are held to their floors above.
# CR (western Shandong's Luxi speech at bearing, pipe and casting shops) was written blind while round 30 ran, first met
# on 6509b9c at 347/363 right (95.6%) and 2 silent (0.55%), read the same by round 30 as landed, and kept from every
# tuner of stop 36: the second exam to meet the bar as it came.
# DB (Shiyan and Xiangyang family workshops typing by handwriting or Wubi: slips of characters of like shape) was
# written blind at stop 37, first met on a2f75f4 at 327/343 right (95.3%) and 2 silent (0.58%), and kept from every
# tuner of rounds 32 and 33: the third.
# DV (plain everyday Mandarin of a Ningbo and Hangzhou packaging-machinery maker's subcontractors: the traffic the
# product is built for, in the issue's nine classes) was written blind at stop 39, first met on 8480b2c at 343/349 right
# (98.3%) and 3 silent (0.86%), and kept from every tuner of round 36: the fourth. EA (the same plain Mandarin at
# Foshan and Zhongshan lighting and hardware shops), written while round 36 ran, first met on a81dfa0 at 370/374
# (98.9%) and 1 silent (0.27%): the fifth. Its sibling EB, half of it the buyer's own side (receipts, IQC, questions),
# met at 334/361 and 16 silent: it is held to its floor above.
# Of stop 40's five exams, written after round 37 landed and first met on bf4eac1: EF (Qingdao, Weifang and Yantai
# rubber and seat subcontractors' plain Mandarin, mostly the supplier's side) at 340/344 (98.8%) and 1 silent (0.29%),
# and EJ (Shenyang and Dalian machine-tool and valve makers, 39% of it the maker's own side) at 346/353 (98.0%) and 1
# silent (0.28%): the sixth and seventh. Their siblings EG (96.4%, 5 silent), EH (92.1%, 11: quality lines) and EI
# (94.2%, 9: dates said every way) did not: they are held to their floors above.
# Of stop 41's four exams, written after round 38 landed and first met on f28db5a: EL (Shijiazhuang, Baoding and
# Xingtai auto-part subcontractors, 31% the maker's side) at 353/362 (97.5%) and 3 silent (0.83%), EM (Wenzhou makers
# and their subcontractors, 45% the makers' own side) at 358/371 (96.5%) and 1 silent (0.27%), and EO (Jiangmen,
# Kaiping and Heshan sanitary-ware and stainless subcontractors) at 373/376 (99.2%) and none silent: the eighth to
# tenth. Their sibling EN (Yangzhou and Zhenjiang valve and ship-outfitting shops) met at 323/341 (94.7%) and 8 silent.
# EP (Xiaoshan and Zhuji bearing-ring and valve shops, 96.4%, 5 silent) and EQ (Jiaxing fastener and knitting-machine
# part shops, 97.2%, 2 silent, but asking first on 12.2% of its ordinary lines), written while round 41 ran and never
# seen by it, read the same on round 41 as merged: held to their floors above.
@pytest.mark.parametrize("corpus", [BLIND_BZ, BLIND_CR, BLIND_DB, BLIND_DV, BLIND_EA, BLIND_EF, BLIND_EJ,
                                    BLIND_EL, BLIND_EM, BLIND_EO],
                         ids=lambda path: path.stem)
def test_the_issues_bar_holds_on_an_exam_no_tuner_had_seen(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = scored(corpus)
    with capsys.disabled():
        print("\n" + format_report(report, corpus.name + " (issue 14's bar)"))
    assert report.total >= 300
    assert report.right_share >= BLIND_ACCURACY, f"{report.right_share:.1%} right, below {BLIND_ACCURACY:.0%}"
    assert report.silent_share <= MAX_SILENT, f"{report.silent_share:.2%} silent misrecords, above {MAX_SILENT:.0%}"
