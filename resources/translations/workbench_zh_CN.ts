<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AugmentPreview</name>
    <message>
        <source>Open a dataset to see augmented copies of its texts.</source>
        <translation>打开一个数据集，即可查看其文本的增强副本。</translation>
    </message>
    <message>
        <source>Each training text gets {copies} edited copies like these (a new draw each time); validation and test texts are never copied. Edits are marked.</source>
        <translation>每条训练文本会得到 {copies} 个这样的编辑副本（每次重新抽取）；验证和测试文本从不复制。改动处已标出。</translation>
    </message>
    <message>
        <source>Augmentation is off (Augmented copies is 0): with these settings, a copy would look like this. Edits are marked.</source>
        <translation>数据增强未开启（增强副本数为 0）：按这些设置，副本会是这样。改动处已标出。</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Augmented copy</source>
        <translation>增强副本</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>best val accuracy</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>train − val gap</source>
        <translation>训练 − 验证差距</translation>
    </message>
    <message>
        <source>epoch of lowest val loss</source>
        <translation>验证损失最低的轮次</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Select two or more runs in the Runs tab to compare them.</source>
        <translation>在“运行记录”标签页中选择两个或更多运行，即可对比。</translation>
    </message>
    <message>
        <source>final validation accuracy</source>
        <translation>最终验证准确率</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>mean ± sd, {count} seeds</source>
        <translation>均值 ± 标准差，{count} 个种子</translation>
    </message>
    <message>
        <source>{count} runs; only the settings that differ are shown. The bold rows give each setting&apos;s mean ± sd over its seeds.</source>
        <translation>{count} 个运行；只显示不同的设置。粗体行给出每种设置在各个种子上的均值 ± 标准差。</translation>
    </message>
    <message>
        <source>{count} runs; only the settings that differ are shown. A large train − val gap means the model memorizes the training texts.</source>
        <translation>{count} 个运行；只显示不同的设置。训练 − 验证差距大，说明模型在死记训练文本。</translation>
    </message>
    <message>
        <source>{count} runs with identical settings.</source>
        <translation>{count} 个运行，设置完全相同。</translation>
    </message>
    <message>
        <source>dashed line: lookup-table baseline {value}</source>
        <translation>虚线：查表基线 {value}</translation>
    </message>
</context>
<context>
    <name>ConfigForm</name>
    <message>
        <source>No regularization</source>
        <translation>无正则化</translation>
    </message>
    <message>
        <source>Dropout 0.5</source>
        <translation>Dropout 0.5</translation>
    </message>
    <message>
        <source>L2 1e-3</source>
        <translation>L2 1e-3</translation>
    </message>
    <message>
        <source>L1 1e-4</source>
        <translation>L1 1e-4</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Put every setting, including the model, back to its default.</source>
        <translation>把所有设置（包括模型）恢复为默认值。</translation>
    </message>
    <message>
        <source>Set {values}: a clean point of comparison.</source>
        <translation>设为 {values}：一个干净的对比基准。</translation>
    </message>
    <message>
        <source>Not used by {model}.</source>
        <translation>{model} 不使用此设置。</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>Only matters when {setting} is {values}.</source>
        <translation>仅当“{setting}”为 {values} 时起作用。</translation>
    </message>
    <message>
        <source>{setting} is empty: type a number such as 0.001 or 1e-3.</source>
        <translation>“{setting}”为空：请输入数字，例如 0.001 或 1e-3。</translation>
    </message>
    <message>
        <source>{setting} must be a number such as 0.001 or 1e-3, not {value}.</source>
        <translation>“{setting}”必须是数字，例如 0.001 或 1e-3，而不是 {value}。</translation>
    </message>
    <message>
        <source>{setting} must be between {minimum} and {maximum}, not {value}.</source>
        <translation>“{setting}”必须在 {minimum} 到 {maximum} 之间，而不是 {value}。</translation>
    </message>
    <message>
        <source> Range {minimum} to {maximum}.</source>
        <translation> 范围 {minimum} 到 {maximum}。</translation>
    </message>
    <message>
        <source> Default {value}.</source>
        <translation> 默认值 {value}。</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>kernel_sizes must list between 1 and 50 tokens per window, e.g. 3,4,5.</source>
        <translation>卷积核宽度（kernel_sizes）的每个窗口必须在 1 到 50 个词元之间，例如 3,4,5。</translation>
    </message>
    <message>
        <source>validation_fraction + test_fraction must leave at least 20% of rows for training.</source>
        <translation>验证集比例 + 测试集比例（validation_fraction + test_fraction）必须至少留下 20% 的行用于训练。</translation>
    </message>
    <message>
        <source>With every augmentation chance at 0 the augmented copies would be exact duplicates; set a deletion, swap, insertion or synonym chance above 0.</source>
        <translation>所有增强概率都为 0 时，增强副本会与原文完全相同；请把删除、交换、插入或同义词替换的概率设为大于 0。</translation>
    </message>
    <message>
        <source>Trained {epochs} epoch(s).</source>
        <translation>训练了 {epochs} 轮。</translation>
    </message>
    <message>
        <source>Stopped by request after {epochs} epoch(s).</source>
        <translation>应要求在 {epochs} 轮后停止。</translation>
    </message>
    <message>
        <source>Stopped by request after {epochs} epoch(s); the process ended before the model was saved.</source>
        <translation>应请求在 {epochs} 轮后停止；进程在保存模型前已结束。</translation>
    </message>
    <message>
        <source>Memorized the training texts.</source>
        <translation>已记住训练文本。</translation>
    </message>
    <message>
        <source>The loss became infinite or not a number at epoch {epoch}, step {step}: the learning rate ({learning_rate}) is probably too high; try {suggestion}.</source>
        <translation>第 {epoch} 轮第 {step} 步时，损失变成了无穷大或非数值：学习率（{learning_rate}）可能太高了；试试 {suggestion}。</translation>
    </message>
</context>
<context>
    <name>CrossValidationDialog</name>
    <message>
        <source>Cross-validate</source>
        <translation>交叉验证</translation>
    </message>
    <message>
        <source>The rows are dealt into folds, each class in its share. One model per fold trains on the other folds, with the settings in the form, and is scored on the fold: every text is held out once. The test fraction is not used.</source>
        <translation>各行被分到各折中，每个类别按比例分配。每一折训练一个模型：用表单中的设置在其他折上训练，并在这一折上评分，每条文本恰好被留出一次。不使用测试集比例。</translation>
    </message>
    <message>
        <source>Folds</source>
        <translation>折数</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>运行于</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>分号</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>pipe</source>
        <translation>竖线</translation>
    </message>
    <message>
        <source>No dataset loaded: File &gt; Open, or drop a CSV here.</source>
        <translation>尚未加载数据集：请用“文件 &gt; 打开”，或把 CSV 文件拖到这里。</translation>
    </message>
    <message>
        <source>The column holding the free text to classify.</source>
        <translation>包含待分类文本的列。</translation>
    </message>
    <message>
        <source>The column holding each text&apos;s class (category).</source>
        <translation>包含每条文本所属类别的列。</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop reading this file; the dataset shown stays loaded.</source>
        <translation>停止读取此文件；当前显示的数据集保持加载。</translation>
    </message>
    <message>
        <source>Text column</source>
        <translation>文本列</translation>
    </message>
    <message>
        <source>Label column</source>
        <translation>标签列</translation>
    </message>
    <message>
        <source>Open a file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>A CSV or TSV file with a column of texts and a column of their classes.</source>
        <translation>CSV 或 TSV 文件：一列文本，一列对应的类别。</translation>
    </message>
    <message>
        <source>Or try a sample dataset:</source>
        <translation>或者试试示例数据集：</translation>
    </message>
    <message>
        <source>A small dataset written for this workbench and installed with it.</source>
        <translation>为本工作台编写、随软件安装的小型数据集。</translation>
    </message>
    <message>
        <source> The previous columns are still in use.</source>
        <translation> 仍在使用之前的列。</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>{count} dropped</source>
        <translation>丢弃 {count} 行</translation>
    </message>
    <message>
        <source>none dropped</source>
        <translation>无丢弃</translation>
    </message>
    <message>
        <source> ({count} malformed)</source>
        <translation>（{count} 行格式错误）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{rows}&lt;/b&gt; rows used, {dropped}&lt;br&gt;{classes} classes · language &lt;b&gt;{language}&lt;/b&gt; · tokens are {tokens}&lt;br&gt;{encoding}, {delimiter}-separated · median {median} {tokens} per text&lt;br&gt;{duplicates} repeated texts · {conflicting} with conflicting labels</source>
        <translation>使用 &lt;b&gt;{rows}&lt;/b&gt; 行，{dropped}&lt;br&gt;{classes} 个类别 · 语言 &lt;b&gt;{language}&lt;/b&gt; · 词元单位为{tokens}&lt;br&gt;{encoding}，以 {delimiter} 分隔 · 每条文本中位数 {median} 个{tokens}&lt;br&gt;{duplicates} 条重复文本 · {conflicting} 条标签冲突</translation>
    </message>
    <message>
        <source>&lt;br&gt;{count} undecodable characters shown as �</source>
        <translation>&lt;br&gt;{count} 个无法解码的字符显示为 �</translation>
    </message>
</context>
<context>
    <name>DeployController</name>
    <message>
        <source>Pruning run {0} to {1:.0%} sparsity…</source>
        <translation>正在把运行 {0} 剪枝到 {1:.0%} 稀疏度…</translation>
    </message>
    <message>
        <source>Accuracy against sparsity for run {0}…</source>
        <translation>正在测量运行 {0} 的准确率随稀疏度的变化…</translation>
    </message>
    <message>
        <source>Measuring run {0} at 0, 50, 70, 80, 90 and 95% sparsity…</source>
        <translation>正在测量运行 {0} 在 0、50、70、80、90 和 95% 稀疏度下的表现…</translation>
    </message>
    <message>
        <source>Export run {0} into a folder (make a new one here)</source>
        <translation>把运行 {0} 导出到文件夹（可在此新建一个）</translation>
    </message>
    <message>
        <source>Folder not empty</source>
        <translation>文件夹不是空的</translation>
    </message>
    <message>
        <source>{0} already holds files. Replace the exported files in it? Other files are left alone.</source>
        <translation>{0} 中已有文件。要替换其中导出的文件吗？其他文件不会被改动。</translation>
    </message>
    <message>
        <source>Exporting run {0}…</source>
        <translation>正在导出运行 {0}…</translation>
    </message>
    <message>
        <source>{0} of {1} done: {2}</source>
        <translation>已完成 {0}/{1}：{2}</translation>
    </message>
</context>
<context>
    <name>DeployPanel</name>
    <message>
        <source>Keras (.keras)</source>
        <translation>Keras 模型（.keras）</translation>
    </message>
    <message>
        <source>TFLite float32</source>
        <translation>TFLite float32</translation>
    </message>
    <message>
        <source>TFLite float16</source>
        <translation>TFLite float16</translation>
    </message>
    <message>
        <source>TFLite dynamic range</source>
        <translation>TFLite 动态范围量化</translation>
    </message>
    <message>
        <source>TFLite int8</source>
        <translation>TFLite int8</translation>
    </message>
    <message>
        <source>Run {0} · {1}</source>
        <translation>运行 {0} · {1}</translation>
    </message>
    <message>
        <source>The engine gave no reason.</source>
        <translation>引擎没有给出原因。</translation>
    </message>
    <message>
        <source>Select a run in the Runs tab to prune or export it.</source>
        <translation>在“运行记录”标签页中选择一个运行，即可剪枝或导出。</translation>
    </message>
    <message>
        <source>Compress &amp;&amp; export</source>
        <translation>压缩与导出</translation>
    </message>
    <message>
        <source>&amp;Compress or Export the Selected Run</source>
        <translation>压缩或导出所选运行(&amp;C)</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>The model is memorizing the training texts: validation loss has risen for {rising} epoch since epoch {since} (from {best} to {current}) while training loss kept falling. Try dropout or L2, or stop at epoch {since}.</source>
        <translation>模型正在死记训练文本：自第 {since} 轮起，验证损失已连续上升 {rising} 轮（从 {best} 升到 {current}），而训练损失仍在下降。这就是过拟合。可以试试 Dropout 或 L2 正则化，或在第 {since} 轮停止训练。</translation>
    </message>
    <message>
        <source>The model is memorizing the training texts: validation loss has risen for {rising} epochs since epoch {since} (from {best} to {current}) while training loss kept falling. Try dropout or L2, or stop at epoch {since}.</source>
        <translation>模型正在死记训练文本：自第 {since} 轮起，验证损失已连续上升 {rising} 轮（从 {best} 升到 {current}），而训练损失仍在下降。这就是过拟合。可以试试 Dropout 或 L2 正则化，或在第 {since} 轮停止训练。</translation>
    </message>
</context>
<context>
    <name>EngineLink</name>
    <message>
        <source>The training engine {exit}</source>
        <translation>训练引擎{exit}</translation>
    </message>
    <message>
        <source>{what}; run {run_id} is kept as interrupted with its {epochs} finished epoch(s). Train again to start a fresh engine.</source>
        <translation>{what}；运行 {run_id} 已保存为“已中断”，保留已完成的 {epochs} 轮。再次训练会启动新的引擎。</translation>
    </message>
    <message>
        <source>{what} before the run began. Train again to start a fresh engine.</source>
        <translation>{what}，运行尚未开始。再次训练会启动新的引擎。</translation>
    </message>
    <message>
        <source>{what}. A fresh one starts with the next request.</source>
        <translation>{what}。下一次请求时会启动新的引擎。</translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>True</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>The model gave its wrong answer &apos;{predicted}&apos; a probability of {value}.</source>
        <translation>模型给它的错误答案“{predicted}”的概率是 {value}。</translation>
    </message>
    <message>
        <source>… ({count} characters)</source>
        <translation>…（共 {count} 个字符）</translation>
    </message>
    <message>
        <source>The test text</source>
        <translation>测试文本</translation>
    </message>
    <message>
        <source>Its real class</source>
        <translation>它的真实类别</translation>
    </message>
    <message>
        <source>The class the model chose</source>
        <translation>模型选择的类别</translation>
    </message>
    <message>
        <source>How sure the model was of its wrong answer</source>
        <translation>模型对错误答案有多确定</translation>
    </message>
</context>
<context>
    <name>ErrorsPanel</name>
    <message>
        <source>No error analysis yet: train a model, or pick a run in the Runs tab.</source>
        <translation>还没有错误分析：请训练一个模型，或在“运行记录”标签页中选择一个运行。</translation>
    </message>
    <message>
        <source>No mistakes on the test texts.</source>
        <translation>测试文本上没有错误。</translation>
    </message>
    <message>
        <source>Select a mistake, or type a text and press Enter, to see which words drove the prediction.</source>
        <translation>选择一条错例，或输入一段文本并按回车，查看哪些词左右了预测。</translation>
    </message>
    <message>
        <source>{value}: pushes towards &apos;{predicted}&apos;</source>
        <translation>{value}：推向“{predicted}”</translation>
    </message>
    <message>
        <source>{value}: pushes away from &apos;{predicted}&apos;</source>
        <translation>{value}：推离“{predicted}”</translation>
    </message>
    <message>
        <source>{value}: pushes neither way for &apos;{predicted}&apos;</source>
        <translation>{value}：对“{predicted}”没有影响</translation>
    </message>
    <message>
        <source>Type a text and press Enter to see which words matter…</source>
        <translation>输入一段文本并按回车，查看哪些词起作用…</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Ask the model which words push it towards its answer (Enter).</source>
        <translation>询问模型：哪些词把它推向了这个答案（回车）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Which words matter&lt;/b&gt;</source>
        <translation>&lt;b&gt;哪些词起作用&lt;/b&gt;</translation>
    </message>
    <message>
        <source>None of the words in this text is known to the model.</source>
        <translation>这段文本中没有模型认识的词。</translation>
    </message>
    <message>
        <source>All {total} test texts classified correctly.</source>
        <translation>全部 {total} 条测试文本都分类正确。</translation>
    </message>
    <message>
        <source>{mistakes} of {total} test texts misclassified; most confident mistakes first</source>
        <translation>{total} 条测试文本中有 {mistakes} 条分类错误；最自信的错误排在最前</translation>
    </message>
    <message>
        <source>{mistakes} of {total} test texts misclassified</source>
        <translation>{total} 条测试文本中有 {mistakes} 条分类错误</translation>
    </message>
    <message>
        <source>{mistakes} test texts misclassified; most confident mistakes first</source>
        <translation>{mistakes} 条测试文本分类错误；最自信的错误排在最前</translation>
    </message>
    <message>
        <source>{mistakes} test text misclassified</source>
        <translation>{mistakes} 条测试文本分类错误</translation>
    </message>
    <message>
        <source>green: pushes towards &apos;{name}&apos;</source>
        <translation>绿色：推向“{name}”</translation>
    </message>
    <message>
        <source>red: pushes away</source>
        <translation>红色：推离</translation>
    </message>
    <message>
        <source>(stronger colour, bigger effect; hover a word for its value)</source>
        <translation>（颜色越深，作用越大；鼠标悬停在词上可看数值）</translation>
    </message>
</context>
<context>
    <name>ExportPanel</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Bundle: .keras, predict.py, train.py</source>
        <translation>导出包：.keras、predict.py、train.py</translation>
    </message>
    <message>
        <source>Always written: the Keras model, its vocabulary and settings, predict.py (needs only TensorFlow) and train.py (plain Keras code of the run).</source>
        <translation>总会写出：Keras 模型、词表和设置，predict.py（只需要 TensorFlow）以及 train.py（这次运行的纯 Keras 代码）。</translation>
    </message>
    <message>
        <source>The model as it is, in TensorFlow Lite.</source>
        <translation>模型原样转换为 TensorFlow Lite。</translation>
    </message>
    <message>
        <source>Weights stored as 16-bit floats: half the size.</source>
        <translation>权重以 16 位浮点数存储：大小减半。</translation>
    </message>
    <message>
        <source>Weights stored as 8-bit integers (a quarter of the size), computed in floats.</source>
        <translation>权重以 8 位整数存储（约四分之一大小），计算仍用浮点数。</translation>
    </message>
    <message>
        <source>Weights and activations in 8-bit integers, calibrated on training texts.</source>
        <translation>权重和激活都用 8 位整数，用训练文本校准范围。</translation>
    </message>
    <message>
        <source>dynamic range</source>
        <translation>动态范围</translation>
    </message>
    <message>
        <source>TensorFlow Lite:</source>
        <translation>TensorFlow Lite：</translation>
    </message>
    <message>
        <source>Export to a folder…</source>
        <translation>导出到文件夹…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>vs float32</source>
        <translation>相对 float32</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Latency per text</source>
        <translation>每条文本延迟</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Median time to classify one text, over the test rows, one text at a time on one thread.</source>
        <translation>在测试集上逐条分类（单线程）时，每条文本耗时的中位数。</translation>
    </message>
    <message>
        <source>File size as a share of the float32 TFLite file.</source>
        <translation>文件大小占 float32 TFLite 文件的比例。</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Exporting to {0}…</source>
        <translation>正在导出到 {0}…</translation>
    </message>
    <message>
        <source>could not be made: {0}</source>
        <translation>无法生成：{0}</translation>
    </message>
    <message>
        <source>latency is measured with the TensorFlow Lite formats</source>
        <translation>选择 TensorFlow Lite 格式时才测量延迟</translation>
    </message>
    <message>
        <source>Written to {0}.</source>
        <translation>已写入 {0}。</translation>
    </message>
    <message>
        <source>Stopped before every format was made.</source>
        <translation>在所有格式生成之前已停止。</translation>
    </message>
    <message>
        <source>{0:.2f} ms</source>
        <translation>{0:.2f} 毫秒</translation>
    </message>
</context>
<context>
    <name>FoldsView</name>
    <message>
        <source>Mean over the folds, ± 1 sd</source>
        <translation>各折平均值，± 1 个标准差</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Overlay the folds&apos; runs</source>
        <translation>叠加显示各折的运行</translation>
    </message>
    <message>
        <source>Run &gt; Cross-validate… trains one model per fold; every text is held out once.</source>
        <translation>“运行 &gt; 交叉验证…”为每一折训练一个模型；每条文本恰好被留出一次。</translation>
    </message>
    <message>
        <source>Fold</source>
        <translation>折</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Training rows</source>
        <translation>训练行数</translation>
    </message>
    <message>
        <source>Validation rows</source>
        <translation>验证行数</translation>
    </message>
    <message>
        <source>Held-out rows</source>
        <translation>留出行数</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Macro-F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>mean ± sd</source>
        <translation>平均值 ± 标准差</translation>
    </message>
    <message>
        <source>{folds}-fold cross-validation ({completed} completed): accuracy {accuracy}, macro-F1 {f1} (mean ± sd over the folds, each scored on the rows it held out).</source>
        <translation>{folds} 折交叉验证（完成 {completed} 折）：准确率 {accuracy}，宏平均 F1 {f1}（各折的平均值 ± 标准差，每折在其留出的行上评分）。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>LearningCurveDialog</name>
    <message>
        <source>Learning curve</source>
        <translation>学习曲线</translation>
    </message>
    <message>
        <source>Shares of the training texts, above 0 and at most 1, separated by commas; each smaller set is part of the larger ones.</source>
        <translation>训练文本的比例，大于 0 且不超过 1，用逗号分隔；每个较小的集合都包含在较大的集合中。</translation>
    </message>
    <message>
        <source>One validation split is kept, so the validation texts are the same at every size; each size is trained once per seed with the settings in the form.</source>
        <translation>保持同一个验证划分，因此每种规模下的验证文本都相同；每种规模用表单中的设置、每个种子各训练一次。</translation>
    </message>
    <message>
        <source>Sizes</source>
        <translation>规模</translation>
    </message>
    <message>
        <source>Seeds per size</source>
        <translation>每种规模的种子数</translation>
    </message>
    <message>
        <source>{runs} runs.</source>
        <translation>共 {runs} 次运行。</translation>
    </message>
</context>
<context>
    <name>LearningCurveView</name>
    <message>
        <source>training texts</source>
        <translation>训练文本数</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Run &gt; Learning curve… trains on growing shares of the training texts.</source>
        <translation>“运行 &gt; 学习曲线…”在逐渐增多的训练文本上训练。</translation>
    </message>
    <message>
        <source>Accuracy of the final model against the number of training texts: the same {validation:,} validation texts at every size, {seeds} seed(s) per size; bands are ± 1 sd over the seeds.</source>
        <translation>最终模型的准确率随训练文本数的变化：每种规模使用相同的 {validation:,} 条验证文本，每种规模 {seeds} 个种子；色带为各种子的 ± 1 个标准差。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>Without regularization, validation loss ended {rise:.0%} above its lowest point; with dropout and L2 it ended {regularized_rise:.0%} above, and the best validation accuracy was {gain} points higher ({regularized_accuracy:.1%} against {accuracy:.1%}).</source>
        <translation>没有正则化时，验证损失最终比最低点高出 {rise:.0%}；用了 Dropout 和 L2 后只高出 {regularized_rise:.0%}，最佳验证准确率也高了 {gain} 个百分点（{regularized_accuracy:.1%} 对 {accuracy:.1%}）。</translation>
    </message>
    <message>
        <source>This time dropout and L2 did not pay off: validation loss ended {regularized_rise:.0%} above its lowest point with them and {rise:.0%} without, and the best validation accuracy was {regularized_accuracy:.1%} against {accuracy:.1%}.</source>
        <translation>这一次 Dropout 和 L2 没有见效：用了它们，验证损失最终比最低点高出 {regularized_rise:.0%}，不用时高出 {rise:.0%}；最佳验证准确率为 {regularized_accuracy:.1%} 对 {accuracy:.1%}。</translation>
    </message>
    <message>
        <source>L1 left {l1_sparsity:.0%} of the weights at (almost) zero, against {l2_sparsity:.0%} with L2 and {none_sparsity:.0%} with no penalty. L2 made the weights {l2_shrink:.0%} smaller on average, but all of them a little: it shrinks, L1 switches off.</source>
        <translation>L1 让 {l1_sparsity:.0%} 的权重（几乎）为零，L2 是 {l2_sparsity:.0%}，不加惩罚是 {none_sparsity:.0%}。L2 让权重平均缩小了 {l2_shrink:.0%}，但每个权重都只缩小一点：L2 是收缩，L1 是关闭。</translation>
    </message>
    <message>
        <source>This time the difference did not show: L1 left {l1_sparsity:.0%} of the weights at (almost) zero, L2 {l2_sparsity:.0%} and no penalty {none_sparsity:.0%}.</source>
        <translation>这一次差别没有显现：L1 让 {l1_sparsity:.0%} 的权重（几乎）为零，L2 是 {l2_sparsity:.0%}，不加惩罚是 {none_sparsity:.0%}。</translation>
    </message>
    <message>
        <source>Too low, the model hardly learned: training loss ended at {low_loss:.2f} and validation accuracy reached {low_accuracy:.0%}. About right, loss fell to {right_loss:.2f} and validation accuracy reached {right_accuracy:.0%}. Too high, the loss blew up to infinity: the run diverged.</source>
        <translation>学习率太低时，模型几乎没学到东西：训练损失最终为 {low_loss:.2f}，验证准确率只到 {low_accuracy:.0%}。学习率合适时，损失降到 {right_loss:.2f}，验证准确率达到 {right_accuracy:.0%}。学习率太高时，损失冲向无穷大：运行发散了。</translation>
    </message>
    <message>
        <source>This time the three learning rates did not show the usual pattern: best validation accuracy {low_accuracy:.0%} (too low) and {right_accuracy:.0%} (about right); look at the curves to see which runs diverged.</source>
        <translation>这一次三个学习率没有呈现通常的规律：最佳验证准确率为 {low_accuracy:.0%}（太低）和 {right_accuracy:.0%}（合适）；请看曲线，找出哪些运行发散了。</translation>
    </message>
    <message>
        <source>Early stopping ended training after {stopped:.0f} of {epochs:.0f} epochs and went back to the weights of the best epoch (around epoch {best:.0f}). On the test notes it scored {early_accuracy:.1%}, {gain} points more than the model trained to the end ({full_accuracy:.1%}), in less time.</source>
        <translation>早停在 {epochs:.0f} 轮中的第 {stopped:.0f} 轮结束了训练，并退回到最佳一轮（大约第 {best:.0f} 轮）的权重。它在测试便条上得到 {early_accuracy:.1%}，比训练到最后的模型（{full_accuracy:.1%}）高 {gain} 个百分点，用时还更短。</translation>
    </message>
    <message>
        <source>This time early stopping did not pay off: it trained {stopped:.0f} of {epochs:.0f} epochs and scored {early_accuracy:.1%} on the test notes, against {full_accuracy:.1%} when trained to the end.</source>
        <translation>这一次早停没有见效：它训练了 {epochs:.0f} 轮中的 {stopped:.0f} 轮，在测试便条上得到 {early_accuracy:.1%}，训练到最后则是 {full_accuracy:.1%}。</translation>
    </message>
    <message>
        <source>Batches of {small} made {small_updates} updates per epoch, each from a handful of texts: measured against the loss itself, the loss zig-zagged from one batch to the next {ratio:.0f} times as much as with batches of {large}, which made {large_updates} per epoch. Small batches took {small_seconds:.2f} s per epoch, the large ones {large_seconds:.2f} s.</source>
        <translation>每批 {small} 条时，每轮更新 {small_updates} 次，每次只依据少数几条文本：相对于损失本身的大小，批与批之间损失的上下跳动是每批 {large} 条（每轮更新 {large_updates} 次）时的 {ratio:.0f} 倍。小批次每轮用时 {small_seconds:.2f} 秒，大批次 {large_seconds:.2f} 秒。</translation>
    </message>
    <message>
        <source>This time the noise did not follow the batch size: the loss of batches of {small} zig-zagged {ratio:.1f} times as much as that of batches of {large}.</source>
        <translation>这一次噪声没有随批大小变化：每批 {small} 条时损失的跳动是每批 {large} 条时的 {ratio:.1f} 倍。</translation>
    </message>
    <message>
        <source>Only {share:.0%} of the training texts are “{rare}”. Without class weights the model found {plain_recall:.0%} of them in the test set; with class weights it found {weighted_recall:.0%}. Overall accuracy went from {plain_accuracy:.1%} to {weighted_accuracy:.1%}: a small price for missing fewer of the rare class.</source>
        <translation>训练文本中只有 {share:.0%} 属于“{rare}”。没有类别权重时，模型在测试集中找出了其中的 {plain_recall:.0%}；有类别权重时找出了 {weighted_recall:.0%}。总体准确率从 {plain_accuracy:.1%} 变为 {weighted_accuracy:.1%}：为少漏掉稀有类别付出的代价很小。</translation>
    </message>
    <message>
        <source>Only {share:.0%} of the training texts are “{rare}”. Without class weights the model found {plain_recall:.0%} of them in the test set; with class weights it found {weighted_recall:.0%}. Overall accuracy hardly shows it ({plain_accuracy:.1%}, then {weighted_accuracy:.1%}): the rare class is too small to move it, which is why recall per class is the number to watch.</source>
        <translation>训练文本中只有 {share:.0%} 属于“{rare}”。没有类别权重时，模型在测试集中找出了其中的 {plain_recall:.0%}；有类别权重时找出了 {weighted_recall:.0%}。总体准确率几乎看不出差别（{plain_accuracy:.1%}，然后是 {weighted_accuracy:.1%}）：稀有类别太小，影响不了它，所以要看的是每个类别的召回率。</translation>
    </message>
    <message>
        <source>This time class weights did not help with “{rare}”: recall {weighted_recall:.0%} with them against {plain_recall:.0%} without.</source>
        <translation>这一次类别权重对“{rare}”没有帮助：有权重时召回率 {weighted_recall:.0%}，没有时 {plain_recall:.0%}。</translation>
    </message>
    <message>
        <source>Overfitting, and how dropout and L2 fix it</source>
        <translation>过拟合，以及 Dropout 和 L2 如何纠正它</translation>
    </message>
    <message>
        <source>The notes in the training file were sorted in a hurry: three in ten are under the wrong topic. The notes used for validation and testing were sorted carefully. A big network without regularization learns the mistakes by heart; the same network with dropout and L2 cannot, and does better on the careful notes.</source>
        <translation>训练文件里的便条是匆忙分好类的：十张里有三张放错了主题。用于验证和测试的便条则分得很仔细。没有正则化的大网络会把这些错误死记下来；同一个网络加上 Dropout 和 L2 就记不住，在仔细分类的便条上表现更好。</translation>
    </message>
    <message>
        <source>No regularization</source>
        <translation>无正则化</translation>
    </message>
    <message>
        <source>Dropout and L2</source>
        <translation>Dropout 和 L2</translation>
    </message>
    <message>
        <source>Two copies of one big network will learn to sort notice-board notes by topic. Watch the dashed validation curves: they show how the network does on notes it never trained on.</source>
        <translation>同一个大网络的两个副本将学习按主题给公告栏便条分类。请注意虚线的验证曲线：它们显示网络在从未训练过的便条上表现如何。</translation>
    </message>
    <message>
        <source>First, no regularization. The network has far more weights than there are training notes, so it can memorize every note, the wrongly filed ones included.</source>
        <translation>首先，不加正则化。网络的权重远多于训练便条的数量，所以它能记住每一张便条，包括放错的那些。</translation>
    </message>
    <message>
        <source>Epoch {epoch}: training accuracy is already {accuracy:.0%}, although three notes in ten are filed wrongly. The network is learning the mistakes by heart.</source>
        <translation>第 {epoch} 轮：训练准确率已经达到 {accuracy:.0%}，尽管十张便条里有三张放错了。网络正在把错误死记下来。</translation>
    </message>
    <message>
        <source>Validation loss has risen since epoch {since_epoch} while training loss keeps falling: this is overfitting. The network is becoming sure of itself on notes it gets wrong.</source>
        <translation>从第 {since_epoch} 轮起验证损失一直在上升，而训练损失还在下降：这就是过拟合。网络对自己判断错的便条越来越有把握。</translation>
    </message>
    <message>
        <source>Now the same network with dropout (neurons switched off at random while training) and L2 (a penalty on large weights): memorizing the wrongly filed notes has become expensive. Its loss curves start higher, because the penalty is part of the loss; watch their shape instead.</source>
        <translation>现在是同一个网络，加上 Dropout（训练时随机关闭神经元）和 L2（对大权重的惩罚）：死记放错的便条变得代价高昂。它的损失曲线起点更高，因为惩罚也算在损失里；请关注曲线的形状。</translation>
    </message>
    <message>
        <source>Epoch {epoch}: training accuracy is only {accuracy:.0%}, since the network cannot learn the mistakes (and dropout is on while it trains), yet validation accuracy is {val_accuracy:.0%}. The validation loss stays flat instead of climbing.</source>
        <translation>第 {epoch} 轮：训练准确率只有 {accuracy:.0%}，因为网络记不住那些错误（而且训练时 Dropout 是打开的），但验证准确率达到 {val_accuracy:.0%}。验证损失保持平稳，没有往上爬。</translation>
    </message>
    <message>
        <source>All runs are done. With several seeds the numbers below are means, so no single lucky run decides the verdict.</source>
        <translation>所有运行都已完成。使用多个随机种子时，下面的数字是平均值，所以结论不取决于某一次运气好的运行。</translation>
    </message>
    <message>
        <source>L1 against L2: sparsity against shrinkage</source>
        <translation>L1 对比 L2：稀疏与收缩</translation>
    </message>
    <message>
        <source>Both penalties keep the weights small, in different ways. L1 pushes most weights to exactly zero and keeps a few large ones; L2 shrinks every weight a little and leaves almost none at zero. Watch the weight histograms in Inside the model.</source>
        <translation>两种惩罚都让权重保持较小，但方式不同。L1 把大多数权重压到恰好为零，只留下少数较大的；L2 把每个权重都缩小一点，几乎没有一个变成零。请看“模型内部”中的权重直方图。</translation>
    </message>
    <message>
        <source>No penalty</source>
        <translation>无惩罚</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>Three copies of one network: no penalty, an L1 penalty and an L2 penalty on the weights. Most words on the notes (names, places, times) say nothing about the topic.</source>
        <translation>同一个网络的三个副本：不加惩罚、对权重加 L1 惩罚、加 L2 惩罚。便条上的大多数词（人名、地点、时间）与主题无关。</translation>
    </message>
    <message>
        <source>Without a penalty the weights keep the spread they started with: a wide histogram, {sparsity:.0%} of the weights near zero.</source>
        <translation>不加惩罚时，权重保持最初的分散程度：直方图很宽，{sparsity:.0%} 的权重接近零。</translation>
    </message>
    <message>
        <source>With L1 a spike grows at zero: {sparsity:.0%} of the weights are switched off, mostly those of words that do not help.</source>
        <translation>加了 L1，零点处长出一个尖峰：{sparsity:.0%} 的权重被关闭，大多是那些没用的词的权重。</translation>
    </message>
    <message>
        <source>With L2 the histogram narrows around zero, but only {sparsity:.0%} of the weights reach it: every weight is shrunk a little, none is switched off.</source>
        <translation>加了 L2，直方图向零收窄，但只有 {sparsity:.0%} 的权重到达零：每个权重都缩小了一点，没有一个被关闭。</translation>
    </message>
    <message>
        <source>Learning rate: too low, about right, too high</source>
        <translation>学习率：太低、合适、太高</translation>
    </message>
    <message>
        <source>The learning rate is the size of the step the optimizer takes after each batch. Three runs differ only in it: tiny steps learn next to nothing, good steps learn fast, and huge steps overshoot further and further until the loss is no longer a number.</source>
        <translation>学习率是优化器在每个批次之后迈出的步子大小。三个运行只在这一点上不同：步子太小几乎学不到东西，步子合适学得快，步子太大则越冲越远，直到损失不再是一个数。</translation>
    </message>
    <message>
        <source>Too low</source>
        <translation>太低</translation>
    </message>
    <message>
        <source>About right</source>
        <translation>合适</translation>
    </message>
    <message>
        <source>Too high</source>
        <translation>太高</translation>
    </message>
    <message>
        <source>Three runs of one network that differ only in the learning rate. Watch the training loss: how fast does it fall, if at all?</source>
        <translation>同一个网络的三个运行，只有学习率不同。请看训练损失：它下降得多快，还是根本不降？</translation>
    </message>
    <message>
        <source>Epoch {epoch} with tiny steps: training loss is still {loss:.3f}, about where it started. The network is learning, but far too slowly.</source>
        <translation>小步子的第 {epoch} 轮：训练损失仍是 {loss:.3f}，和起点差不多。网络在学，但太慢了。</translation>
    </message>
    <message>
        <source>Epoch {epoch} with a good learning rate: training loss is down to {loss:.3f} and validation accuracy is {val_accuracy:.0%}.</source>
        <translation>合适学习率的第 {epoch} 轮：训练损失已降到 {loss:.3f}，验证准确率为 {val_accuracy:.0%}。</translation>
    </message>
    <message>
        <source>Now steps three times larger than the good ones. At first the network seems to learn, then each step overshoots the valley it should go down into, and the weights grow until the numbers overflow.</source>
        <translation>现在步子是合适步子的三倍。一开始网络似乎在学，随后每一步都冲过了本该下降进入的山谷，权重越来越大，直到数值溢出。</translation>
    </message>
    <message>
        <source>Early stopping and the best epoch</source>
        <translation>早停与最佳轮次</translation>
    </message>
    <message>
        <source>The big network from the overfitting lesson, again without regularization, once trained to the end and once with early stopping: training stops when validation loss has not improved for 3 epochs, and the weights of the best epoch are kept.</source>
        <translation>过拟合一课中的大网络，同样不加正则化，一次训练到最后，一次使用早停：验证损失连续 3 轮没有改善就停止训练，并保留最佳一轮的权重。</translation>
    </message>
    <message>
        <source>Trained to the end</source>
        <translation>训练到最后</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Find the epoch where the dashed validation loss is lowest: the star marks it. Everything the network learns after it is memorization.</source>
        <translation>找到虚线验证损失最低的那一轮：星号标出了它。此后网络学到的一切都是死记硬背。</translation>
    </message>
    <message>
        <source>Validation loss has not improved since epoch {since_epoch}. Trained to the end, the network goes on for all its epochs anyway, memorizing more wrongly filed notes.</source>
        <translation>自第 {since_epoch} 轮以来验证损失没有再改善。训练到最后的网络仍会跑完所有轮次，记住更多放错的便条。</translation>
    </message>
    <message>
        <source>Now with early stopping: the same run, watched by a referee who ends it after 3 epochs without progress and rolls back to the best epoch.</source>
        <translation>现在使用早停：同样的运行，但有一位裁判盯着，连续 3 轮没有进步就叫停，并退回到最佳的一轮。</translation>
    </message>
    <message>
        <source>Batch size and noise</source>
        <translation>批大小与噪声</translation>
    </message>
    <message>
        <source>The weights are updated after each batch of texts. A small batch gives many quick updates per epoch, each judged on a few texts, so the loss jumps from one batch to the next; a large batch gives few, smooth and slow ones. Watch how much the loss of single batches jumps about.</source>
        <translation>每处理一批文本，权重就更新一次。小批次每轮有许多快速的更新，每次只依据几条文本，所以损失在批与批之间跳来跳去；大批次的更新少、平稳而缓慢。请观察单个批次的损失跳动得有多厉害。</translation>
    </message>
    <message>
        <source>Small batches</source>
        <translation>小批次</translation>
    </message>
    <message>
        <source>Medium batches</source>
        <translation>中批次</translation>
    </message>
    <message>
        <source>The whole training set at once</source>
        <translation>整个训练集一次性</translation>
    </message>
    <message>
        <source>Three runs that differ only in how many texts go into each update: 8, 50, or all 400 training texts at once.</source>
        <translation>三个运行只在每次更新用多少条文本上不同：8 条、50 条，或一次用全部 400 条训练文本。</translation>
    </message>
    <message>
        <source>Small batches: 50 updates per epoch, so the network learns a lot in each epoch, but each update follows only 8 texts and the loss jumps from batch to batch.</source>
        <translation>小批次：每轮更新 50 次，所以网络每轮学到很多，但每次更新只依据 8 条文本，损失在批与批之间跳动。</translation>
    </message>
    <message>
        <source>One update per epoch, computed from every training text: the path is smooth, but learning takes many more epochs.</source>
        <translation>每轮只更新一次，依据全部训练文本计算：路径很平滑，但学习需要多得多的轮次。</translation>
    </message>
    <message>
        <source>A rare class, and class weights</source>
        <translation>稀有类别与类别权重</translation>
    </message>
    <message>
        <source>Messages to a building manager: repairs, payments and noise are common, emergencies are rare and look like repair requests. A model can score well overall while missing most emergencies. Class weights make each rare example count more. Compare the recall of each class in Results.</source>
        <translation>发给物业管理员的消息：报修、缴费和噪音投诉很常见，紧急情况很少，而且看起来像报修。一个模型可能总体得分不错，却漏掉大多数紧急情况。类别权重让每个稀有样本更有分量。请在“结果”中比较每个类别的召回率。</translation>
    </message>
    <message>
        <source>No class weights</source>
        <translation>无类别权重</translation>
    </message>
    <message>
        <source>Class weights</source>
        <translation>类别权重</translation>
    </message>
    <message>
        <source>About one message in thirty is an emergency. Accuracy alone will hide how the model does on them: look at the recall of each class, the share of its messages the model finds.</source>
        <translation>大约三十条消息中有一条是紧急情况。只看准确率会掩盖模型在它们上的表现：请看每个类别的召回率，即模型找出了该类别消息的多少比例。</translation>
    </message>
    <message>
        <source>Now every emergency counts as much as all the messages of a common class together: a missed emergency costs the model far more than a missed repair.</source>
        <translation>现在每条紧急消息的分量相当于一个常见类别的全部消息加起来：漏掉一条紧急消息，对模型的代价远大于漏掉一条报修。</translation>
    </message>
    <message>
        <source>Open Results for each run and compare the recall of the rare class.</source>
        <translation>打开每个运行的“结果”，比较稀有类别的召回率。</translation>
    </message>
</context>
<context>
    <name>LessonsController</name>
    <message>
        <source>&amp;Lessons…</source>
        <translation>课程(&amp;L)…</translation>
    </message>
    <message>
        <source>Planned comparisons on bundled data, narrated while they train.</source>
        <translation>在内置数据上按计划进行的对比，训练时逐步讲解。</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Lesson: {title}</source>
        <translation>课程：{title}</translation>
    </message>
    <message>
        <source>#{run} {label}, seed {seed}</source>
        <translation>#{run} {label}，种子 {seed}</translation>
    </message>
    <message>
        <source>The lesson could not finish: {reason}</source>
        <translation>课程未能完成：{reason}</translation>
    </message>
    <message>
        <source>Stopped after {done} of {total} runs: no verdict.</source>
        <translation>在 {total} 个运行中完成 {done} 个后停止：没有结论。</translation>
    </message>
    <message>
        <source>Done: {runs} runs trained.</source>
        <translation>完成：已训练 {runs} 个运行。</translation>
    </message>
</context>
<context>
    <name>LessonsDialog</name>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>What it shows</source>
        <translation>演示内容</translation>
    </message>
    <message>
        <source>The language of the lesson&apos;s texts.</source>
        <translation>课程文本的语言。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Texts in:</source>
        <translation>文本语言：</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Compares: {runs}. Each is trained {seeds} times, with different seeds; the verdict averages them.</source>
        <translation>对比：{runs}。每个都用不同的随机种子训练 {seeds} 次；结论取它们的平均。</translation>
    </message>
</context>
<context>
    <name>LivePlots</name>
    <message>
        <source>Overlay</source>
        <translation>叠加</translation>
    </message>
    <message>
        <source>Small multiples</source>
        <translation>小图阵列</translation>
    </message>
    <message>
        <source>Hover over a plot to read the values at an epoch.</source>
        <translation>把鼠标悬停在图上，可读出某一轮的数值。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Which curves the small plots show.</source>
        <translation>小图显示哪种曲线。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save the curves as images, or their numbers as a CSV table.</source>
        <translation>把曲线保存为图片，或把数值保存为 CSV 表格。</translation>
    </message>
    <message>
        <source>PNG images (loss and accuracy)…</source>
        <translation>PNG 图片（损失和准确率）…</translation>
    </message>
    <message>
        <source>SVG images (loss and accuracy)…</source>
        <translation>SVG 图片（损失和准确率）…</translation>
    </message>
    <message>
        <source>CSV table…</source>
        <translation>CSV 表格…</translation>
    </message>
    <message>
        <source>Overlay: every run on the same two plots. Small multiples: one small plot per run, all on the same axes.</source>
        <translation>叠加：所有运行画在同样的两张图上。小图阵列：每个运行一张小图，坐标轴统一。</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>Shade the gap between training and validation curves: the wider it is, the more the model has memorized the training texts.</source>
        <translation>给训练曲线与验证曲线之间的差距涂上阴影：差距越宽，模型死记的训练文本越多。</translation>
    </message>
    <message>
        <source>Best epoch</source>
        <translation>最佳轮次</translation>
    </message>
    <message>
        <source>Mark each validation curve with a star at its epoch of lowest validation loss (where early stopping would have kept the model).</source>
        <translation>在每条验证曲线上验证损失最低的轮次处画一颗星（早停会保留这一轮的模型）。</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>Show the lookup-table baseline on the accuracy plot: a model that only memorizes the training texts. A real model should be well above it.</source>
        <translation>在准确率图上显示查表基线：一个只会背训练文本的模型。真正的模型应明显高于它。</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>视图：</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>lookup-table baseline {value}</source>
        <translation>查表基线 {value}</translation>
    </message>
    <message>
        <source>epoch {epoch} — </source>
        <translation>第 {epoch} 轮 — </translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>acc</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Export the curves as PNG images</source>
        <translation>把曲线导出为 PNG 图片</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export the curves as SVG images</source>
        <translation>把曲线导出为 SVG 图片</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图片 (*.svg)</translation>
    </message>
    <message>
        <source>Export the curves&apos; numbers as CSV</source>
        <translation>把曲线数值导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not save {name}: {reason}</source>
        <translation>无法保存 {name}：{reason}</translation>
    </message>
    <message>
        <source>Saved {files} in {folder}</source>
        <translation>已将 {files} 保存到 {folder}</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
</context>
<context>
    <name>LogEdit</name>
    <message>
        <source>a number, e.g. 1e-3</source>
        <translation>一个数字，例如 1e-3</translation>
    </message>
    <message>
        <source>Common values (or press Up/Down)</source>
        <translation>常用值（或按上/下方向键）</translation>
    </message>
</context>
<context>
    <name>LrFinderPanel</name>
    <message>
        <source>learning rate (log scale)</source>
        <translation>学习率（对数刻度）</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>too low</source>
        <translation>太低</translation>
    </message>
    <message>
        <source>right</source>
        <translation>合适</translation>
    </message>
    <message>
        <source>too high</source>
        <translation>太高</translation>
    </message>
    <message>
        <source>Use this rate</source>
        <translation>使用此学习率</translation>
    </message>
    <message>
        <source>Put the suggested learning rate into the settings form.</source>
        <translation>把建议的学习率填入设置表单。</translation>
    </message>
    <message>
        <source>Finding a learning rate for {what}…</source>
        <translation>正在为 {what} 寻找学习率…</translation>
    </message>
    <message>
        <source>Batch {step} of up to {steps} · rate {rate:.2g} · loss {loss:.3f}</source>
        <translation>第 {step} 批（最多 {steps} 批）· 学习率 {rate:.2g} · 损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>No learning rate can be read from this test.</source>
        <translation>无法从这次测试中读出学习率。</translation>
    </message>
    <message>
        <source>suggested {rate:.2g}</source>
        <translation>建议 {rate:.2g}</translation>
    </message>
    <message>
        <source>Suggested learning rate: &lt;b&gt;{rate:.2g}&lt;/b&gt;, read as the {reading} ({reason}).</source>
        <translation>建议的学习率：&lt;b&gt;{rate:.2g}&lt;/b&gt;，读法为{reading}（{reason}）。</translation>
    </message>
    <message>
        <source>{reading}: {rate:.2g}</source>
        <translation>{reading}：{rate:.2g}</translation>
    </message>
    <message>
        <source>Other reading: {others}.</source>
        <translation>另一种读法：{others}。</translation>
    </message>
    <message>
        <source>The test could not run: {message}</source>
        <translation>测试无法运行：{message}</translation>
    </message>
    <message>
        <source>steepest descent</source>
        <translation>下降最陡处</translation>
    </message>
    <message>
        <source>tenth of the rate at the minimum</source>
        <translation>最低点学习率的十分之一</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Text tables (*.csv *.tsv *.txt *.tab);;All files (*)</source>
        <translation>文本表格 (*.csv *.tsv *.txt *.tab);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Text Classification Workbench</source>
        <translation>文本分类工作台</translation>
    </message>
    <message>
        <source>Open a CSV or TSV file of labelled texts to begin.</source>
        <translation>打开一个带标签文本的 CSV 或 TSV 文件即可开始。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model &amp;&amp; settings</source>
        <translation>模型与设置</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>Mistakes</source>
        <translation>错例</translation>
    </message>
    <message>
        <source>Probe sentences</source>
        <translation>观察句子</translation>
    </message>
    <message>
        <source>Data preview</source>
        <translation>数据预览</translation>
    </message>
    <message>
        <source>Sweep queue</source>
        <translation>扫描队列</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>▶  Train</source>
        <translation>▶  训练</translation>
    </message>
    <message>
        <source>Train the model on the loaded data (Ctrl+Return).</source>
        <translation>用已加载的数据训练模型（Ctrl+回车）。</translation>
    </message>
    <message>
        <source>■  Stop</source>
        <translation>■  停止</translation>
    </message>
    <message>
        <source>Stop after the batch in flight; the run is kept (Esc).</source>
        <translation>在当前批次结束后停止；运行会被保存（Esc）。</translation>
    </message>
    <message>
        <source>epoch %p%</source>
        <translation>本轮 %p%</translation>
    </message>
    <message>
        <source>run %p%</source>
        <translation>全程 %p%</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export Curves</source>
        <translation>导出曲线(&amp;E)</translation>
    </message>
    <message>
        <source>As PNG…</source>
        <translation>导出为 PNG…</translation>
    </message>
    <message>
        <source>As SVG…</source>
        <translation>导出为 SVG…</translation>
    </message>
    <message>
        <source>As CSV…</source>
        <translation>导出为 CSV…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation>示例数据(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;weep…</source>
        <translation>参数扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Large text and lines, curves only, full screen: for projectors.</source>
        <translation>大字体、粗线条、只显示曲线、全屏：适合投影演示。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>TensorFlow ready ({seconds} s).</source>
        <translation>TensorFlow 已就绪（{seconds} 秒）。</translation>
    </message>
    <message>
        <source>Loading TensorFlow in the background…</source>
        <translation>正在后台加载 TensorFlow…</translation>
    </message>
    <message>
        <source>The run has not stopped</source>
        <translation>运行尚未停止</translation>
    </message>
    <message>
        <source>Run {run_id} has not stopped {seconds} s after Stop. End the training engine now? The run is kept as interrupted, with its finished epochs.</source>
        <translation>按下“停止”{seconds} 秒后，运行 {run_id} 仍未停止。现在结束训练引擎吗？该运行会保存为“已中断”，保留已完成的轮次。</translation>
    </message>
    <message>
        <source>End the engine</source>
        <translation>结束引擎</translation>
    </message>
    <message>
        <source>Keep waiting</source>
        <translation>继续等待</translation>
    </message>
    <message>
        <source>Open a dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source> {count} undecodable characters are shown as �.</source>
        <translation> {count} 个无法解码的字符显示为 �。</translation>
    </message>
    <message>
        <source>Loaded {name}: {rows} rows, {classes} classes.</source>
        <translation>已加载 {name}：{rows} 行，{classes} 个类别。</translation>
    </message>
    <message>
        <source> The previous dataset is still loaded.</source>
        <translation> 之前的数据集仍保持加载。</translation>
    </message>
    <message>
        <source>Stopped reading {name}.</source>
        <translation>已停止读取 {name}。</translation>
    </message>
    <message>
        <source>Could not open {name}.</source>
        <translation>无法打开 {name}。</translation>
    </message>
    <message>
        <source>Cannot use this file</source>
        <translation>无法使用此文件</translation>
    </message>
    <message>
        <source>Fix the settings first: {problem}</source>
        <translation>请先修正设置：{problem}</translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation>请先打开一个数据集。</translation>
    </message>
    <message>
        <source>Open a dataset before training.</source>
        <translation>训练前请先打开一个数据集。</translation>
    </message>
    <message>
        <source>Fix the probe sentences first: {problem}</source>
        <translation>请先修正观察句子：{problem}</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Training {model} on {rows} rows…</source>
        <translation>正在用 {rows} 行数据训练 {model}…</translation>
    </message>
    <message>
        <source>Wait for the run in progress to end, or stop it first.</source>
        <translation>请等待当前运行结束，或先停止它。</translation>
    </message>
    <message>
        <source>Could not finish</source>
        <translation>未能完成</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>A sweep needs a dataset, valid settings and no run in progress.</source>
        <translation>参数扫描需要已加载的数据集、有效的设置，并且当前没有运行。</translation>
    </message>
    <message>
        <source>Sweep finished: {count} runs, overlaid.</source>
        <translation>参数扫描完成：{count} 个运行，已叠加显示。</translation>
    </message>
    <message>
        <source>Stopping after the batch in flight…</source>
        <translation>将在当前批次结束后停止…</translation>
    </message>
    <message>
        <source>{count} parameters</source>
        <translation>{count} 个参数</translation>
    </message>
    <message>
        <source>no parameters</source>
        <translation>无参数</translation>
    </message>
    <message>
        <source>Run {run_id}: {params}, {rows} training rows.</source>
        <translation>运行 {run_id}：{params}，{rows} 行训练数据。</translation>
    </message>
    <message>
        <source>epoch {epoch}/{epochs} · {time} left</source>
        <translation>第 {epoch}/{epochs} 轮 · 剩余 {time}</translation>
    </message>
    <message>
        <source>Run {run_id}, epoch {epoch}/{epochs}: loss {loss}, accuracy {accuracy}, validation loss {val_loss}, validation accuracy {val_accuracy}</source>
        <translation>运行 {run_id}，第 {epoch}/{epochs} 轮：损失 {loss}，准确率 {accuracy}，验证损失 {val_loss}，验证准确率 {val_accuracy}</translation>
    </message>
    <message>
        <source>Run {status}</source>
        <translation>运行{status}</translation>
    </message>
    <message>
        <source>Run {run_id} {status}.</source>
        <translation>运行 {run_id} {status}。</translation>
    </message>
    <message>
        <source>Run {run_id}: </source>
        <translation>运行 {run_id}：</translation>
    </message>
    <message>
        <source>memorizing since epoch {since}: validation loss up {rising} epoch</source>
        <translation>自第 {since} 轮起在死记：验证损失已上升 {rising} 轮</translation>
    </message>
    <message>
        <source>memorizing since epoch {since}: validation loss up {rising} epochs</source>
        <translation>自第 {since} 轮起在死记：验证损失已上升 {rising} 轮</translation>
    </message>
    <message>
        <source>Loaded the settings of run {run_id} ({name}); change and train.</source>
        <translation>已载入运行 {run_id}（{name}）的设置；修改后即可训练。</translation>
    </message>
    <message>
        <source>Export curves as {kind}</source>
        <translation>把曲线导出为 {kind}</translation>
    </message>
    <message>
        <source>Exported {path}</source>
        <translation>已导出 {path}</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
</context>
<context>
    <name>NarrationPanel</name>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Choose a lesson…</source>
        <translation>选择课程…</translation>
    </message>
    <message>
        <source>Choose a lesson from Help &gt; Lessons. Its narration appears here while the curves grow.</source>
        <translation>请从“帮助 &gt; 课程”中选择一门课程。曲线增长时，讲解会显示在这里。</translation>
    </message>
    <message>
        <source>Starting: {runs} runs to train…</source>
        <translation>开始：需要训练 {runs} 个运行…</translation>
    </message>
    <message>
        <source>Run {index} of {total}: {label}, seed {seed}</source>
        <translation>第 {index} / {total} 个运行：{label}，种子 {seed}</translation>
    </message>
</context>
<context>
    <name>PretrainDialog</name>
    <message>
        <source>Pretrain on unlabelled text</source>
        <translation>在无标签文本上预训练</translation>
    </message>
    <message>
        <source>The model learns to predict words of the texts from the other words (labels play no part). Then start a classifier from it: it begins knowing how the words are used, which helps most when few texts are labelled.

Model and text settings come from the form: {model}.</source>
        <translation>模型学习根据其他词预测文本中的词（不使用标签）。之后从它开始训练分类器：分类器一开始就了解词语的用法，在有标签的文本很少时帮助最大。

模型和文本设置取自表单：{model}。</translation>
    </message>
    <message>
        <source>The loaded file&apos;s text column ({file}, column “{column}”)</source>
        <translation>已加载文件的文本列（{file}，列“{column}”）</translation>
    </message>
    <message>
        <source>The loaded file&apos;s text column (no file is open)</source>
        <translation>已加载文件的文本列（尚未打开文件）</translation>
    </message>
    <message>
        <source>Another file (one text per line, or a table):</source>
        <translation>其他文件（每行一条文本，或表格）：</translation>
    </message>
    <message>
        <source>a .txt, .csv or .tsv file</source>
        <translation>.txt、.csv 或 .tsv 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>guessed</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>The name or 1-based number of the text column of a table.</source>
        <translation>表格中文本列的名称或序号（从 1 开始）。</translation>
    </message>
    <message>
        <source>Text column:</source>
        <translation>文本列：</translation>
    </message>
    <message>
        <source>Predicting words among thousands learns little at a classifier&apos;s usual 1e-3: 1e-2 is a good start.</source>
        <translation>在成千上万个词中预测词语时，分类器常用的 1e-3 学得很少：从 1e-2 开始比较好。</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>训练轮数：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>When it ends, set the form to continue from it</source>
        <translation>结束后，把表单设为从它继续训练</translation>
    </message>
    <message>
        <source>Pretrain</source>
        <translation>预训练</translation>
    </message>
    <message>
        <source>&lt;b&gt;Texts&lt;/b&gt;</source>
        <translation>&lt;b&gt;文本&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Type a learning rate, e.g. 1e-2.</source>
        <translation>请输入学习率，例如 1e-2。</translation>
    </message>
    <message>
        <source>Choose a file of texts.</source>
        <translation>请选择一个文本文件。</translation>
    </message>
    <message>
        <source>There is no file {file}.</source>
        <translation>文件 {file} 不存在。</translation>
    </message>
    <message>
        <source>Choose a file of texts</source>
        <translation>选择文本文件</translation>
    </message>
    <message>
        <source>Texts (*.txt *.csv *.tsv *.tab);;All files (*)</source>
        <translation>文本 (*.txt *.csv *.tsv *.tab);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ProbesPanel</name>
    <message>
        <source>Type up to 8 sentences, one per line, e.g.
The food was great but the wait was long
Their class probabilities are plotted after every epoch of the next run.</source>
        <translation>最多输入 8 个句子，每行一个，例如：
菜很好吃，就是等得太久
下一次运行的每一轮结束后，都会画出它们属于各类别的概率。</translation>
    </message>
    <message>
        <source>Type sentences on the left; the next run plots what the model thinks of them after every epoch.</source>
        <translation>在左边输入句子；下一次运行会在每一轮结束后，画出模型对它们的判断。</translation>
    </message>
    <message>
        <source>Up to {count} sentences, one per line. They are scored after every epoch of the next run and kept with it.</source>
        <translation>最多 {count} 个句子，每行一个。下一次运行的每一轮结束后都会给它们打分，并随运行一起保存。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sentences to follow&lt;/b&gt;</source>
        <translation>&lt;b&gt;要观察的句子&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No sentences: nothing is followed.</source>
        <translation>没有句子：不观察任何句子。</translation>
    </message>
    <message>
        <source>1 sentence for the next run.</source>
        <translation>下一次运行观察 1 个句子。</translation>
    </message>
    <message>
        <source>{count} sentences for the next run.</source>
        <translation>下一次运行观察 {count} 个句子。</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>after epoch {epoch}</source>
        <translation>第 {epoch} 轮之后</translation>
    </message>
    <message>
        <source>waiting for the first epoch</source>
        <translation>等待第一轮结束</translation>
    </message>
    <message>
        <source>&lt;b&gt;{run}&lt;/b&gt; — what the model thinks of each sentence, {when}.</source>
        <translation>&lt;b&gt;{run}&lt;/b&gt; — 模型对每个句子的判断，{when}。</translation>
    </message>
</context>
<context>
    <name>PrunePanel</name>
    <message>
        <source>Prune</source>
        <translation>剪枝</translation>
    </message>
    <message>
        <source>The share of each weight matrix set to zero, smallest weights first.</source>
        <translation>每个权重矩阵中被置为零的比例，从最小的权重开始。</translation>
    </message>
    <message>
        <source>Epochs of training after pruning, with the pruned weights held at zero: they win back most of the accuracy lost. 0 prunes only.</source>
        <translation>剪枝后再训练的轮数，被剪掉的权重保持为零：能找回大部分损失的准确率。0 表示只剪枝。</translation>
    </message>
    <message>
        <source>Store the pruned model as a new run (kind prune) next to this one.</source>
        <translation>把剪枝后的模型保存为一个新的运行（类型为“剪枝”），放在这个运行旁边。</translation>
    </message>
    <message>
        <source>Draw accuracy curve</source>
        <translation>绘制准确率曲线</translation>
    </message>
    <message>
        <source>Test accuracy of this run pruned to 0, 50, 70, 80, 90 and 95% (nothing is stored; with fine-tuning, each point trains).</source>
        <translation>这个运行剪枝到 0、50、70、80、90 和 95% 时的测试准确率（不保存任何运行；如果微调，每个点都要训练）。</translation>
    </message>
    <message>
        <source>sparsity (%)</source>
        <translation>稀疏度（%）</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Sparsity</source>
        <translation>稀疏度</translation>
    </message>
    <message>
        <source>Fine-tune epochs</source>
        <translation>微调轮数</translation>
    </message>
    <message>
        <source>The curve was stopped after {0} of its points.</source>
        <translation>曲线在测完 {0} 个点后停止。</translation>
    </message>
    <message>
        <source>Run {0}: run {1} at {2:.1%} sparsity. Test accuracy {3} (run {1}: {4}). Zipped size {5}{6}, was {7}.</source>
        <translation>运行 {0}：运行 {1} 剪枝到 {2:.1%} 稀疏度。测试准确率 {3}（运行 {1}：{4}）。压缩后大小 {5}{6}，原为 {7}。</translation>
    </message>
    <message>
        <source>Before fine-tuning: {0}.</source>
        <translation>微调前：{0}。</translation>
    </message>
    <message>
        <source>Fine-tuning was stopped early.</source>
        <translation>微调被提前停止。</translation>
    </message>
    <message>
        <source>Prune to {0}%</source>
        <translation>剪枝到 {0}%</translation>
    </message>
    <message>
        <source>{0}%: about {1:.3f}</source>
        <translation>{0}%：约 {1:.3f}</translation>
    </message>
    <message>
        <source>Run {0}: {1:.1%} sparse, test accuracy {2}</source>
        <translation>运行 {0}：稀疏度 {1:.1%}，测试准确率 {2}</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Train a model to try it</source>
        <translation>训练一个模型后即可试用</translation>
    </message>
    <message>
        <source>No results yet: train a model, or pick a run in the Runs tab.</source>
        <translation>还没有结果：请训练一个模型，或在“运行记录”标签页中选择一个运行。</translation>
    </message>
    <message>
        <source>Of the texts predicted as this class, the share that truly are.</source>
        <translation>被预测为此类别的文本中，真正属于此类别的比例。</translation>
    </message>
    <message>
        <source>Of the texts truly in this class, the share the model found.</source>
        <translation>真正属于此类别的文本中，被模型找出的比例。</translation>
    </message>
    <message>
        <source>The balance (harmonic mean) of precision and recall.</source>
        <translation>精确率与召回率的平衡（调和平均数）。</translation>
    </message>
    <message>
        <source>Test texts truly in this class.</source>
        <translation>真正属于此类别的测试文本数。</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>Confusion matrix (test)</source>
        <translation>混淆矩阵（测试集）</translation>
    </message>
    <message>
        <source>Type a text to classify…</source>
        <translation>输入一段要分类的文本…</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Ask the model which class this text belongs to (Enter).</source>
        <translation>询问模型这段文本属于哪个类别（回车）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Try it&lt;/b&gt;</source>
        <translation>&lt;b&gt;试一试&lt;/b&gt;</translation>
    </message>
    <message>
        <source> (the {shown} most likely of {count} classes)</source>
        <translation>（{count} 个类别中最可能的 {shown} 个）</translation>
    </message>
    <message>
        <source>still training; its results appear when it finishes.</source>
        <translation>仍在训练；结束后会显示结果。</translation>
    </message>
    <message>
        <source>no test results: the run failed.</source>
        <translation>没有测试结果：运行失败。</translation>
    </message>
    <message>
        <source>no test results.</source>
        <translation>没有测试结果。</translation>
    </message>
    <message>
        <source>test accuracy &lt;b&gt;{value}&lt;/b&gt;</source>
        <translation>测试准确率 &lt;b&gt;{value}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>macro-F1 &lt;b&gt;{value}&lt;/b&gt;</source>
        <translation>宏平均 F1 &lt;b&gt;{value}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{count} test texts</source>
        <translation>{count} 条测试文本</translation>
    </message>
    <message>
        <source>started from pretraining run #{run}</source>
        <translation>从预训练运行 #{run} 开始</translation>
    </message>
    <message>
        <source>started from run #{run}</source>
        <translation>从运行 #{run} 开始</translation>
    </message>
    <message>
        <source>word vectors: {coverage} of the vocabulary found in {file}, {dimension} dimensions</source>
        <translation>词向量：词表中 {coverage} 的词在 {file} 中找到，{dimension} 维</translation>
    </message>
    <message>
        <source> (kept frozen)</source>
        <translation>（保持冻结）</translation>
    </message>
    <message>
        <source> ({share} of the {total} truly “{true}”)</source>
        <translation>（占 {total} 条真实为“{true}”的文本的 {share}）</translation>
    </message>
    <message>
        <source>true “{true}”, predicted “{predicted}”: {count} texts</source>
        <translation>真实“{true}”，预测“{predicted}”：{count} 条文本</translation>
    </message>
    <message>
        <source>Run {run_id} is still training; try it when it finishes.</source>
        <translation>运行 {run_id} 仍在训练；结束后再试。</translation>
    </message>
    <message>
        <source>Run {run_id} diverged: its model cannot make sensible predictions.</source>
        <translation>运行 {run_id} 已发散：它的模型无法做出有意义的预测。</translation>
    </message>
    <message>
        <source>Run {run_id} kept no model to try. Train a model to try it.</source>
        <translation>运行 {run_id} 没有保存可试用的模型。训练一个模型后即可试用。</translation>
    </message>
    <message>
        <source>Run {run} is a pretraining run: it predicts words, not classes. Continue from it (Runs tab, right-click) to train a classifier.</source>
        <translation>运行 {run} 是预训练运行：它预测的是词，不是类别。从它继续训练（“运行记录”标签页，右键）即可得到分类器。</translation>
    </message>
    <message>
        <source>Type a text and press Enter to see what run {run_id} predicts.</source>
        <translation>输入一段文本并按回车，看看运行 {run_id} 的预测。</translation>
    </message>
</context>
<context>
    <name>RunOnChoice</name>
    <message>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>a Ray cluster at</source>
        <translation>Ray 集群，地址</translation>
    </message>
    <message>
        <source>A cluster trains the runs as trials, several at once; their curves grow here as they train, and they are stored as local runs are.</source>
        <translation>集群把这些运行当作试验，同时训练多个；训练时曲线在这里实时增长，结果像本机运行一样保存。</translation>
    </message>
    <message>
        <source>HOST:PORT of its head, e.g. 10.0.0.5:6379</source>
        <translation>头节点的 主机:端口，例如 10.0.0.5:6379</translation>
    </message>
    <message>
        <source>Running on a cluster needs Ray: install it with pip install -e &quot;.[cluster]&quot; (or pip install &quot;workbench[cluster]&quot;).</source>
        <translation>在集群上运行需要 Ray：用 pip install -e &quot;.[cluster]&quot;（或 pip install &quot;workbench[cluster]&quot;）安装。</translation>
    </message>
    <message>
        <source>The cluster receives the data file and the settings only.</source>
        <translation>集群只会收到数据文件和设置。</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Best val acc</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>The run&apos;s name: F2 or Rename… to change it.</source>
        <translation>运行的名称：按 F2 或“重命名…”修改。</translation>
    </message>
    <message>
        <source>The learning rate and the settings changed from their defaults (all of them in the tooltip).</source>
        <translation>学习率，以及不同于默认值的设置（提示中列出全部）。</translation>
    </message>
    <message>
        <source>Best validation accuracy over the run&apos;s epochs.</source>
        <translation>这次运行各轮中最好的验证准确率。</translation>
    </message>
    <message>
        <source>Wall time of the whole run.</source>
        <translation>整次运行所用的时间。</translation>
    </message>
    <message>
        <source>When the run started (local time).</source>
        <translation>运行开始的时间（本地时间）。</translation>
    </message>
    <message>
        <source>Select several runs to overlay their curves · double-click a run to load its settings</source>
        <translation>选择多个运行可叠加曲线 · 双击运行可载入它的设置</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分</translation>
    </message>
    <message>
        <source>These settings cannot be read by this version.</source>
        <translation>此版本无法读取这些设置。</translation>
    </message>
    <message>
        <source>Changed from the defaults:</source>
        <translation>不同于默认值的设置：</translation>
    </message>
    <message>
        <source>All settings at their defaults.</source>
        <translation>所有设置均为默认值。</translation>
    </message>
    <message>
        <source>Pretraining: {model}</source>
        <translation>预训练：{model}</translation>
    </message>
    <message>
        <source>Run {run_id}: {name}
Double-click to load its settings; F2 to rename.</source>
        <translation>运行 {run_id}：{name}
双击载入它的设置；按 F2 重命名。</translation>
    </message>
    <message>
        <source>started {time}</source>
        <translation>开始于 {time}</translation>
    </message>
    <message>
        <source>finished {time}</source>
        <translation>结束于 {time}</translation>
    </message>
    <message>
        <source>data: {path}</source>
        <translation>数据：{path}</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Load settings</source>
        <translation>载入设置</translation>
    </message>
    <message>
        <source>Put this run&apos;s settings into the form, to change one and train again.</source>
        <translation>把这次运行的设置填入表单，修改其中一项后再训练。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected runs and their saved models (Del).</source>
        <translation>删除选中的运行及其保存的模型（Del）。</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <source>New name for run {run_id}:</source>
        <translation>运行 {run_id} 的新名称：</translation>
    </message>
    <message>
        <source>Delete 1 run (“{name}”) and its saved model?</source>
        <translation>删除 1 个运行（“{name}”）及其保存的模型吗？</translation>
    </message>
    <message>
        <source>Delete {count} runs and their saved models?</source>
        <translation>删除 {count} 个运行及其保存的模型吗？</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source> This cannot be undone.</source>
        <translation> 此操作无法撤销。</translation>
    </message>
    <message>
        <source>Run {run_id} is still training: stop it before deleting it.</source>
        <translation>运行 {run_id} 仍在训练：请先停止再删除。</translation>
    </message>
    <message>
        <source>Delete {count} runs</source>
        <translation>删除 {count} 个运行</translation>
    </message>
    <message>
        <source>No runs yet: train a model and it appears here.</source>
        <translation>还没有运行：训练一个模型后会显示在这里。</translation>
    </message>
    <message>
        <source>{count} run</source>
        <translation>{count} 个运行</translation>
    </message>
    <message>
        <source>{count} runs</source>
        <translation>{count} 个运行</translation>
    </message>
    <message>
        <source>, {count} selected</source>
        <translation>，已选 {count} 个</translation>
    </message>
</context>
<context>
    <name>Samples</name>
    <message>
        <source>support tickets</source>
        <translation>客服工单</translation>
    </message>
    <message>
        <source>restaurant reviews</source>
        <translation>餐厅评论</translation>
    </message>
</context>
<context>
    <name>SeedsView</name>
    <message>
        <source>Overlay these runs</source>
        <translation>叠加显示这些运行</translation>
    </message>
    <message>
        <source>Show every run of these seeds on the curves and in Compare.</source>
        <translation>在曲线和“比较”中显示这些种子的每次运行。</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>band: ± 1 sd</source>
        <translation>色带：± 1 个标准差</translation>
    </message>
    <message>
        <source>band: min – max</source>
        <translation>色带：最小值 – 最大值</translation>
    </message>
    <message>
        <source>The band around each setting&apos;s mean curve: one standard deviation over the seeds either side, or from the lowest to the highest seed.</source>
        <translation>每个设置的平均曲线周围的色带：上下各一个（各种子间的）标准差，或从最低的种子到最高的种子。</translation>
    </message>
    <message>
        <source>Set Seeds next to Train to 2 or more, then train or sweep: each setting is trained once per seed, and this tab tells a real difference from noise.</source>
        <translation>把“训练”旁边的“种子数”设为 2 或更多，然后训练或扫描：每个设置对每个种子各训练一次，此标签页会区分真实差异与噪声。</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子数</translation>
    </message>
    <message>
        <source>Best validation accuracy</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Against the best</source>
        <translation>与最佳相比</translation>
    </message>
    <message>
        <source>{n} of {total}</source>
        <translation>{n} / {total}</translation>
    </message>
    <message>
        <source>the form&apos;s settings</source>
        <translation>表单中的设置</translation>
    </message>
    <message>
        <source>{settings} settings, each trained with seeds {seeds}: mean ± sd over the seeds. Point at a verdict for how it was decided.</source>
        <translation>{settings} 个设置，每个都用种子 {seeds} 训练：各种子的平均值 ± 标准差。把鼠标指向结论可查看判断方法。</translation>
    </message>
    <message>
        <source>One setting trained with seeds {seeds}: mean ± sd over the seeds is how much of a score is luck. Sweep with 2 or more seeds to compare settings.</source>
        <translation>一个设置，用种子 {seeds} 训练：各种子的平均值 ± 标准差表明分数中有多少是运气。用 2 个或更多种子进行扫描即可比较设置。</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>behind, beyond the noise</source>
        <translation>落后，超出噪声</translation>
    </message>
    <message>
        <source>within the noise</source>
        <translation>在噪声范围内</translation>
    </message>
    <message>
        <source>cannot tell</source>
        <translation>无法判断</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Which kind of model to train.</source>
        <translation>要训练哪一种模型。</translation>
    </message>
    <message>
        <source>Embedding size</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>Length of the vector that stands for each token.</source>
        <translation>代表每个词元的向量的长度。</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>隐藏单元数</translation>
    </message>
    <message>
        <source>Size of the hidden layer (neurons, filters or recurrent units).</source>
        <translation>隐藏层的大小（神经元、卷积核或循环单元的个数）。</translation>
    </message>
    <message>
        <source>Num layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>How many recurrent or Transformer blocks to stack.</source>
        <translation>堆叠多少个循环层或 Transformer 块。</translation>
    </message>
    <message>
        <source>Bidirectional</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>Read the text both forwards and backwards.</source>
        <translation>把文本从前往后、从后往前各读一遍。</translation>
    </message>
    <message>
        <source>Kernel sizes</source>
        <translation>卷积核宽度</translation>
    </message>
    <message>
        <source>Widths of the CNN&apos;s convolution windows, in tokens, comma-separated.</source>
        <translation>CNN 卷积窗口的宽度（以词元计），用逗号分隔。</translation>
    </message>
    <message>
        <source>Num heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <source>Attention heads in each Transformer block.</source>
        <translation>每个 Transformer 块中的注意力头数。</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词方式</translation>
    </message>
    <message>
        <source>How texts are split into tokens; Chinese is split into characters either way, jieba splits it into words.</source>
        <translation>文本如何切分成词元；中文默认按字切分，选 jieba 则按词切分。</translation>
    </message>
    <message>
        <source>word</source>
        <translation>按词</translation>
    </message>
    <message>
        <source>char</source>
        <translation>按字符</translation>
    </message>
    <message>
        <source>jieba</source>
        <translation>jieba 分词</translation>
    </message>
    <message>
        <source>N-grams</source>
        <translation>N 元组</translation>
    </message>
    <message>
        <source>Also use pairs (2) or triples (3) of neighbouring tokens as tokens (bag models only; sequence models see the order themselves).</source>
        <translation>把相邻的两个（2）或三个（3）词元也当作词元（只用于词袋类模型；序列模型自己能看到词序）。</translation>
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>Vocabulary size: rarer tokens become &apos;unknown&apos;.</source>
        <translation>词表大小：更少见的词元会变成“未知”。</translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <source>Tokens kept per text; longer texts are cut (0 = automatic, the 95th percentile).</source>
        <translation>每条文本保留的词元数；更长的文本会被截断（0 = 自动，取第 95 百分位数）。</translation>
    </message>
    <message>
        <source>Lowercase</source>
        <translation>转为小写</translation>
    </message>
    <message>
        <source>Treat upper- and lower-case letters alike.</source>
        <translation>大小写字母视为相同。</translation>
    </message>
    <message>
        <source>Strip punctuation</source>
        <translation>去除标点</translation>
    </message>
    <message>
        <source>Remove punctuation and symbols (emoji are kept).</source>
        <translation>去除标点和符号（保留表情符号）。</translation>
    </message>
    <message>
        <source>Strip HTML</source>
        <translation>去除 HTML</translation>
    </message>
    <message>
        <source>Remove HTML tags and decode entities such as &amp;amp;.</source>
        <translation>去除 HTML 标签，并解码 &amp;amp; 这样的实体。</translation>
    </message>
    <message>
        <source>Replace URLs</source>
        <translation>替换网址</translation>
    </message>
    <message>
        <source>Replace each link by the token &apos;url&apos;.</source>
        <translation>把每个链接替换为词元“url”。</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>How big a step the optimizer takes; too big diverges, too small learns slowly.</source>
        <translation>优化器每一步迈多大；太大会发散，太小学得慢。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>The rule that updates the weights.</source>
        <translation>更新权重的规则。</translation>
    </message>
    <message>
        <source>adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>adamw</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>sgd</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>rmsprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>AdamW only: shrinks all weights a little at every step.</source>
        <translation>仅用于 AdamW：每一步都把所有权重缩小一点。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>SGD only: how much of the previous step carries into the next.</source>
        <translation>仅用于 SGD：上一步有多少延续到下一步。</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>How the learning rate changes during training.</source>
        <translation>训练过程中学习率如何变化。</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦衰减</translation>
    </message>
    <message>
        <source>plateau</source>
        <translation>停滞时降低</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Texts per weight update.</source>
        <translation>每次更新权重所用的文本数。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Passes over the training texts.</source>
        <translation>把训练文本完整过一遍的次数。</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Stop when validation loss has not improved for &apos;patience&apos; epochs.</source>
        <translation>验证损失连续“耐心值”轮没有改善时停止训练。</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
    <message>
        <source>Epochs without improvement before early stopping.</source>
        <translation>早停前允许没有改善的轮数。</translation>
    </message>
    <message>
        <source>Restore best weights</source>
        <translation>恢复最佳权重</translation>
    </message>
    <message>
        <source>With early stopping, keep the weights of the best epoch.</source>
        <translation>早停时保留最佳一轮的权重。</translation>
    </message>
    <message>
        <source>Class imbalance</source>
        <translation>类别不平衡</translation>
    </message>
    <message>
        <source>How to treat classes of very different sizes.</source>
        <translation>如何处理大小相差悬殊的类别。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>不处理</translation>
    </message>
    <message>
        <source>class weights</source>
        <translation>类别权重</translation>
    </message>
    <message>
        <source>oversample</source>
        <translation>过采样</translation>
    </message>
    <message>
        <source>undersample</source>
        <translation>欠采样</translation>
    </message>
    <message>
        <source>Gradient clip</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Cap on the gradient norm (0 = no cap); calms unstable training.</source>
        <translation>梯度范数的上限（0 = 不限制）；能让不稳定的训练平稳下来。</translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Share of neurons switched off at random during training.</source>
        <translation>训练时随机关闭的神经元比例。</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>Penalty on the absolute size of weights; pushes many to exactly zero.</source>
        <translation>对权重绝对值的惩罚；会把许多权重压到恰好为零。</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>Penalty on the squared size of weights; keeps all of them small.</source>
        <translation>对权重平方的惩罚；让所有权重都保持较小。</translation>
    </message>
    <message>
        <source>Regularize embedding</source>
        <translation>正则化嵌入层</translation>
    </message>
    <message>
        <source>Apply L1/L2 to the embedding table too.</source>
        <translation>也对嵌入表施加 L1/L2。</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Augmented copies</source>
        <translation>增强副本数</translation>
    </message>
    <message>
        <source>Edited copies of each training text to add (0 = off); validation and test texts are never copied.</source>
        <translation>为每条训练文本添加的修改副本数（0 = 关闭）；验证和测试文本从不复制。</translation>
    </message>
    <message>
        <source>Edit unit</source>
        <translation>编辑单位</translation>
    </message>
    <message>
        <source>What the deletions, swaps and insertions act on: tokens, or single characters (Chinese characters even with the jieba tokenizer; typos elsewhere).</source>
        <translation>删除、交换和插入作用于什么：词元，或单个字符（即使用 jieba 分词，也作用于单个汉字；其他语言相当于拼写错误）。</translation>
    </message>
    <message>
        <source>token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>character</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>at least 1</source>
        <translation>至少为 1</translation>
    </message>
    <message>
        <source>Deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Chance that each token (or character) is left out of a copy.</source>
        <translation>每个词元（或字符）在副本中被删掉的概率。</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>交换</translation>
    </message>
    <message>
        <source>Chance that each token (or character) trades places with another one of the same text.</source>
        <translation>每个词元（或字符）与同一文本中另一个交换位置的概率。</translation>
    </message>
    <message>
        <source>Insertion</source>
        <translation>插入</translation>
    </message>
    <message>
        <source>Chance that a token (or character) seen in the training texts is inserted after each one.</source>
        <translation>在每个词元（或字符）后面插入一个训练文本中出现过的词元（或字符）的概率。</translation>
    </message>
    <message>
        <source>Synonym file</source>
        <translation>同义词文件</translation>
    </message>
    <message>
        <source>UTF-8 text file of synonyms: one group per line, separated by commas (, ， or 、; a synonym may then hold spaces) or, on a line without commas, by spaces; lines starting with # are skipped. Empty: no synonyms.</source>
        <translation>UTF-8 编码的同义词文本文件：每行一组，用逗号分隔（, ， 或 、；这时同义词中可以含空格），没有逗号的行则用空格分隔；以 # 开头的行会被跳过。留空：不使用同义词。</translation>
    </message>
    <message>
        <source>Synonym replacement</source>
        <translation>同义词替换</translation>
    </message>
    <message>
        <source>Chance that each word listed in the synonym file is replaced by another of its group.</source>
        <translation>同义词文件中列出的每个词被同组另一个词替换的概率。</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Validation fraction</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Share of rows held out to watch for overfitting.</source>
        <translation>留出来观察过拟合的行所占比例。</translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Share of rows held out for the final score.</source>
        <translation>留出来计算最终得分的行所占比例。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same split, weights and results.</source>
        <translation>随机种子：相同的种子得到相同的数据划分、权重和结果。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>训练起点</translation>
    </message>
    <message>
        <source>Start from run</source>
        <translation>从运行开始</translation>
    </message>
    <message>
        <source>Start from the weights of this stored run, by its id, and go on training them on this data (0 = start from scratch). The run&apos;s model and text settings are kept.</source>
        <translation>从这个已保存运行（按编号）的权重开始，在这份数据上继续训练（0 = 从头开始）。保留该运行的模型和文本设置。</translation>
    </message>
    <message>
        <source>Extend vocabulary</source>
        <translation>扩充词表</translation>
    </message>
    <message>
        <source>Add this data&apos;s frequent tokens that the starting run does not know; otherwise they count as unknown words.</source>
        <translation>加入这份数据中起点运行不认识的常见词元；否则它们算作未知词。</translation>
    </message>
    <message>
        <source>Freeze epochs</source>
        <translation>冻结轮数</translation>
    </message>
    <message>
        <source>For this many epochs at the start, keep the starting run&apos;s embedding and encoder fixed so that only the output layer learns (0 = train everything).</source>
        <translation>开始的这么多轮中，固定起点运行的嵌入层和编码器，只让输出层学习（0 = 全部一起训练）。</translation>
    </message>
    <message>
        <source>Word vectors file</source>
        <translation>词向量文件</translation>
    </message>
    <message>
        <source>A word-vectors file (word2vec text format, .vec or .txt) to start the embedding from; empty = random start.</source>
        <translation>用来初始化嵌入层的词向量文件（word2vec 文本格式，.vec 或 .txt）；留空 = 随机初始化。</translation>
    </message>
    <message>
        <source>Freeze embeddings</source>
        <translation>冻结词向量</translation>
    </message>
    <message>
        <source>Keep the word vectors from the file fixed during training.</source>
        <translation>训练时保持文件中的词向量不变。</translation>
    </message>
    <message>
        <source>Lookup table</source>
        <translation>查表</translation>
    </message>
    <message>
        <source>Memorizer: predicts the label of an exact-match training text, else the most common class; a teaching baseline that shows perfect training accuracy and poor generalization.</source>
        <translation>死记模型：遇到与训练文本完全相同的文本就给出它的标签，否则给出最常见的类别；这是一个教学用的基线，训练准确率完美，泛化能力却很差。</translation>
    </message>
    <message>
        <source>Bag of embeddings</source>
        <translation>嵌入词袋</translation>
    </message>
    <message>
        <source>Gives every token a learned vector and averages the vectors of a text, ignoring word order (the fastText idea). Fast and surprisingly strong: a good first model; turn on n-grams to catch short phrases.</source>
        <translation>给每个词元学习一个向量，把一段文本的向量取平均，不考虑词序（fastText 的思路）。速度快，效果出奇地好：适合作为第一个模型；打开 N 元组可以捕捉短语。</translation>
    </message>
    <message>
        <source>Bag-of-words network</source>
        <translation>词袋网络</translation>
    </message>
    <message>
        <source>Marks which vocabulary tokens occur in a text and passes that checklist through one hidden layer of neurons. A classic quick baseline for when word order matters little.</source>
        <translation>标记词表中哪些词元在文本中出现，再把这张清单送进一层隐藏神经元。词序不太重要时，这是经典的快速基线。</translation>
    </message>
    <message>
        <source>CNN</source>
        <translation>CNN 卷积网络</translation>
    </message>
    <message>
        <source>Slides small windows of a few tokens along the text to spot telling phrases wherever they occur. Good for short texts where a key phrase decides the label.</source>
        <translation>用几个词元宽的小窗口沿文本滑动，无论关键短语出现在哪里都能发现。适合由某个关键短语决定标签的短文本。</translation>
    </message>
    <message>
        <source>Simple RNN</source>
        <translation>简单 RNN</translation>
    </message>
    <message>
        <source>Reads the text one token at a time while keeping a running memory. Simple and instructive, but it forgets the start of long texts; LSTM or GRU usually do better.</source>
        <translation>一次读一个词元，同时保持一份不断更新的记忆。简单、有教学意义，但会忘记长文本的开头；LSTM 或 GRU 通常更好。</translation>
    </message>
    <message>
        <source>LSTM</source>
        <translation>LSTM</translation>
    </message>
    <message>
        <source>A recurrent network whose gates decide what to remember and what to forget, so it follows word order and context across longer texts. Slower to train; use it when order matters.</source>
        <translation>一种循环网络，用门控决定记住什么、忘记什么，因此能在较长文本中跟踪词序和上下文。训练较慢；词序重要时使用。</translation>
    </message>
    <message>
        <source>GRU</source>
        <translation>GRU</translation>
    </message>
    <message>
        <source>A lighter cousin of the LSTM with fewer gates: often just as accurate and a little faster to train.</source>
        <translation>LSTM 的轻量版本，门更少：通常同样准确，训练稍快。</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>Lets every token look at every other token (attention) to read it in context; the design behind modern language models. Needs more data and training time than the others to shine.</source>
        <translation>让每个词元都能看到所有其他词元（注意力机制），从而结合上下文理解它；这是现代语言模型背后的设计。需要比其他模型更多的数据和训练时间才能发挥优势。</translation>
    </message>
</context>
<context>
    <name>SmallMultiples</name>
    <message>
        <source>Select runs in the Runs tab to see one small plot per run.</source>
        <translation>在“运行记录”标签页中选择运行，每个运行显示一张小图。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>{metric} per epoch, same scales in every plot · solid: train · dashed: validation · shaded: the gap · ★ epoch of lowest validation loss</source>
        <translation>每轮的{metric}，各图刻度相同 · 实线：训练 · 虚线：验证 · 阴影：差距 · ★ 验证损失最低的轮次</translation>
    </message>
    <message>
        <source> · grey dashed: baseline {value}</source>
        <translation> · 灰色虚线：基线 {value}</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
</context>
<context>
    <name>StreamChoice</name>
    <message>
        <source>Train by reading the file from disk a batch at a time, for files larger than memory. The vocabulary comes from the file&apos;s first megabytes, and the split is made by a hash of each text (not stratified).</source>
        <translation>训练时从磁盘逐批读取文件，适用于大于内存的文件。词表取自文件开头的几兆字节，数据划分按每条文本的哈希值进行（不分层）。</translation>
    </message>
    <message>
        <source>Stream from disk when training</source>
        <translation>训练时从磁盘流式读取</translation>
    </message>
    <message>
        <source>The file holds {size} MB, more than {threshold} MB: the summary and the preview show its first {head} MB.</source>
        <translation>文件大小为 {size} MB，超过 {threshold} MB：摘要和预览只显示它的前 {head} MB。</translation>
    </message>
    <message>
        <source>A streamed file trains one run at a time on this computer; untick Stream from disk to sweep, to train several seeds or to train on a cluster.</source>
        <translation>流式读取的文件只能在本机一次训练一个运行；要做参数扫描、训练多个种子或在集群上训练，请取消勾选“从磁盘流式读取”。</translation>
    </message>
</context>
<context>
    <name>StructureController</name>
    <message>
        <source>Select a run in the Runs tab to see its layers.</source>
        <translation>在“运行记录”标签页中选择一个运行，即可查看它的各层。</translation>
    </message>
    <message>
        <source> (after the task in progress)</source>
        <translation>（等当前任务结束后）</translation>
    </message>
    <message>
        <source>Reading run {0}&apos;s model…{1}</source>
        <translation>正在读取运行 {0} 的模型…{1}</translation>
    </message>
    <message>
        <source>Run {0}</source>
        <translation>运行 {0}</translation>
    </message>
    <message>
        <source>Layer {0} has no weight matrices to show.</source>
        <translation>层 {0} 没有可显示的权重矩阵。</translation>
    </message>
    <message>
        <source>Run {0}, saved model · layer {1}</source>
        <translation>运行 {0}，已保存的模型 · 层 {1}</translation>
    </message>
</context>
<context>
    <name>StructurePanel</name>
    <message>
        <source>batch</source>
        <translation>批</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Dropout / regularization</source>
        <translation>Dropout / 正则化</translation>
    </message>
    <message>
        <source>Reads from</source>
        <translation>输入来自</translation>
    </message>
    <message>
        <source>Select a run in the Runs tab to see its layers.</source>
        <translation>在“运行记录”标签页中选择一个运行，即可查看它的各层。</translation>
    </message>
    <message>
        <source>{0}: {1} parameters in {2} layers. Click a layer to see its weights in Inside the model.</source>
        <translation>{0}：{2} 层共 {1} 个参数。点击某一层，可在“模型内部”中查看它的权重。</translation>
    </message>
    <message>
        <source>Click to see {0} in Inside the model.</source>
        <translation>点击可在“模型内部”中查看 {0}。</translation>
    </message>
    <message>
        <source>This layer has no weight matrices.</source>
        <translation>这一层没有权重矩阵。</translation>
    </message>
    <message>
        <source>Model structure</source>
        <translation>模型结构</translation>
    </message>
    <message>
        <source>Model &amp;Structure</source>
        <translation>模型结构(&amp;S)</translation>
    </message>
</context>
<context>
    <name>StudyPanel</name>
    <message>
        <source>Load best into form</source>
        <translation>把最佳设置载入表单</translation>
    </message>
    <message>
        <source>Put the best trial&apos;s settings into the settings form.</source>
        <translation>把最佳试验的设置填入设置表单。</translation>
    </message>
    <message>
        <source>Draw the trials&apos; scores against their number, or against one setting.</source>
        <translation>按试验序号或某个设置绘制各次试验的得分。</translation>
    </message>
    <message>
        <source>Against</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>trial number</source>
        <translation>试验序号</translation>
    </message>
    <message>
        <source>Starting the study…</source>
        <translation>正在开始搜索…</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Trial 1 trains the form&apos;s settings…</source>
        <translation>试验 1 使用表单中的设置训练…</translation>
    </message>
    <message>
        <source>best {value:.4f} (trial {number})</source>
        <translation>最佳 {value:.4f}（试验 {number}）</translation>
    </message>
    <message>
        <source>no completed trial yet</source>
        <translation>还没有完成的试验</translation>
    </message>
    <message>
        <source>Trial {number} {state} · {best}</source>
        <translation>试验 {number} {state} · {best}</translation>
    </message>
    <message>
        <source>Best: trial {number} (run {run}), {metric} {value:.4f}.</source>
        <translation>最佳：试验 {number}（运行 {run}），{metric} {value:.4f}。</translation>
    </message>
    <message>
        <source>The study could not go on: {message}</source>
        <translation>搜索无法继续：{message}</translation>
    </message>
    <message>
        <source>best so far</source>
        <translation>目前最佳</translation>
    </message>
    <message>
        <source>{spent} of {budget}</source>
        <translation>{spent} / {budget}</translation>
    </message>
    <message>
        <source>What mattered most: {settings}</source>
        <translation>影响最大的设置：{settings}</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <source>Sweep: compare settings</source>
        <translation>参数扫描：对比设置</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>values, separated by commas</source>
        <translation>取值，用逗号分隔</translation>
    </message>
    <message>
        <source>Vary first</source>
        <translation>第一个变化的设置</translation>
    </message>
    <message>
        <source>Vary second</source>
        <translation>第二个变化的设置</translation>
    </message>
    <message>
        <source>values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Every run uses the same data split and seed, and the settings in the form; only the values chosen here differ.</source>
        <translation>每个运行都使用相同的数据划分和随机种子，以及表单中的设置；只有这里选择的取值不同。</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <source>&lt;b&gt;{count} runs&lt;/b&gt;: {runs}</source>
        <translation>&lt;b&gt;{count} 个运行&lt;/b&gt;：{runs}</translation>
    </message>
</context>
<context>
    <name>SweepQueue</name>
    <message>
        <source>No sweep yet. Run &gt; Sweep… trains one run per value of the settings you pick, one after the other, and lists them here as they train.</source>
        <translation>还没有参数扫描。“运行 &gt; 参数扫描…”会为所选设置的每个取值各训练一次，依次进行，训练时逐条列在这里。</translation>
    </message>
    <message>
        <source>Cancel sweep</source>
        <translation>取消扫描</translation>
    </message>
    <message>
        <source>Stop the run in flight and drop the runs still waiting.</source>
        <translation>停止正在进行的运行，并放弃仍在等待的运行。</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>, test accuracy {accuracy}</source>
        <translation>，测试准确率 {accuracy}</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>训练中…</translation>
    </message>
</context>
<context>
    <name>TransferActions</name>
    <message>
        <source>&amp;Continue from This Run…</source>
        <translation>从此运行继续(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Pretrain…</source>
        <translation>预训练(&amp;P)…</translation>
    </message>
    <message>
        <source>Teach the form&apos;s model to read unlabelled text first, then start a classifier from it.</source>
        <translation>先让表单中的模型阅读无标签文本，再从它开始训练分类器。</translation>
    </message>
    <message>
        <source>Word &amp;Vectors File…</source>
        <translation>词向量文件(&amp;V)…</translation>
    </message>
    <message>
        <source>Start the embedding from a word-vectors file (.vec, .txt).</source>
        <translation>用词向量文件（.vec、.txt）初始化嵌入层。</translation>
    </message>
    <message>
        <source>Select one run in the Runs tab first.</source>
        <translation>请先在“运行记录”标签页中选择一个运行。</translation>
    </message>
    <message>
        <source>The lookup-table baseline has no weights to start from.</source>
        <translation>查表基线没有可以继承的权重。</translation>
    </message>
    <message>
        <source>Only a completed or stopped run with a saved model can be continued.</source>
        <translation>只有已完成或已停止、且保存了模型的运行才能继续训练。</translation>
    </message>
    <message>
        <source>Put run {run}&apos;s settings into the form, with a learning rate for going on training it; then press Train.</source>
        <translation>把运行 {run} 的设置填入表单，并给出继续训练所用的学习率；然后按“训练”。</translation>
    </message>
    <message>
        <source>Cannot continue this run</source>
        <translation>无法继续此运行</translation>
    </message>
    <message>
        <source>on {file}</source>
        <translation>在 {file} 上</translation>
    </message>
    <message>
        <source>once a dataset is open</source>
        <translation>在打开数据集之后</translation>
    </message>
    <message>
        <source>The form now continues run {run}: press Train to go on training it {where}.</source>
        <translation>表单现在从运行 {run} 继续：按“训练”即可{where}继续训练它。</translation>
    </message>
    <message>
        <source>pretraining run</source>
        <translation>预训练运行</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Continues {kind} #{run} ({model}). {reason}</source>
        <translation>从{kind} #{run}（{model}）继续。{reason}</translation>
    </message>
    <message>
        <source>Advised learning rate: {advised:g} (the form has {lr:g}).</source>
        <translation>建议的学习率：{advised:g}（表单中为 {lr:g}）。</translation>
    </message>
    <message>
        <source>pretraining</source>
        <translation>预训练</translation>
    </message>
    <message>
        <source>#{run}, continued by #{child}</source>
        <translation>#{run}，由 #{child} 继续</translation>
    </message>
    <message>
        <source>Wait for the run in progress to end, or stop it first.</source>
        <translation>请等待当前运行结束，或先停止它。</translation>
    </message>
    <message>
        <source>Fix the settings first: {problem}</source>
        <translation>请先修正设置：{problem}</translation>
    </message>
    <message>
        <source>Pretraining {model} on {file}…</source>
        <translation>正在 {file} 上预训练 {model}…</translation>
    </message>
    <message>
        <source>Pretraining {status}</source>
        <translation>预训练{status}</translation>
    </message>
    <message>
        <source>Pretraining run {run} {status}: choose Continue from This Run… to start a classifier from it.</source>
        <translation>预训练运行 {run} {status}：选择“从此运行继续…”即可从它开始训练分类器。</translation>
    </message>
    <message>
        <source>Choose a word-vectors file</source>
        <translation>选择词向量文件</translation>
    </message>
    <message>
        <source>Word vectors (*.vec *.txt);;All files (*)</source>
        <translation>词向量 (*.vec *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot use this file</source>
        <translation>无法使用此文件</translation>
    </message>
    <message>
        <source>The embedding starts from {file} ({dimension} dimensions); after training, the Results tab tells how much of the vocabulary it covers.</source>
        <translation>嵌入层将从 {file}（{dimension} 维）开始；训练后，“结果”标签页会显示它覆盖了多少词表。</translation>
    </message>
</context>
<context>
    <name>TrialCurves</name>
    <message>
        <source>Trial {trial}/{total} (run {run_id}, on {worker}): epoch {epoch}, validation accuracy {val_accuracy}</source>
        <translation>试验 {trial}/{total}（运行 {run_id}，在 {worker}）：第 {epoch} 轮，验证准确率 {val_accuracy}</translation>
    </message>
</context>
<context>
    <name>TrustFeature</name>
    <message>
        <source>Train each run, and each setting of a sweep, once per seed (the seed in the form, then the next ones). With 2 or more, the Seeds tab shows mean ± sd and whether two settings differ by more than the noise.</source>
        <translation>每次运行以及扫描中的每个设置，对每个种子各训练一次（先用表单中的种子，再用其后的种子）。设为 2 或更多时，“种子”标签页显示平均值 ± 标准差，以及两个设置的差异是否超出噪声。</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子数</translation>
    </message>
    <message>
        <source>Cross-&amp;validate…</source>
        <translation>交叉验证(&amp;V)…</translation>
    </message>
    <message>
        <source>Train one model per fold, each scored on the texts it held out.</source>
        <translation>每一折训练一个模型，各自在其留出的文本上评分。</translation>
    </message>
    <message>
        <source>&amp;Learning curve…</source>
        <translation>学习曲线(&amp;L)…</translation>
    </message>
    <message>
        <source>Accuracy against the number of training texts: would more data help?</source>
        <translation>准确率随训练文本数的变化：更多数据会有帮助吗？</translation>
    </message>
    <message>
        <source>Preview augmented texts</source>
        <translation>预览增强文本</translation>
    </message>
    <message>
        <source>Show a few training texts next to an augmented copy.</source>
        <translation>并排显示几条训练文本及其增强副本。</translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation>请先打开一个数据集。</translation>
    </message>
    <message>
        <source>Fix the settings first: {problem}</source>
        <translation>请先修正设置：{problem}</translation>
    </message>
    <message>
        <source>Wait for the run in progress to end, or stop it first.</source>
        <translation>请等待正在进行的运行结束，或先停止它。</translation>
    </message>
    <message>
        <source>Fix the probe sentences first: {problem}</source>
        <translation>请先修正探针句子：{problem}</translation>
    </message>
    <message>
        <source>Training {seeds} seeds of one setting…</source>
        <translation>正在用 {seeds} 个种子训练一个设置…</translation>
    </message>
    <message>
        <source>Sweep of {settings} settings × {seeds} seeds: {runs} runs…</source>
        <translation>扫描 {settings} 个设置 × {seeds} 个种子：共 {runs} 次运行…</translation>
    </message>
    <message>
        <source>Cross-validation</source>
        <translation>交叉验证</translation>
    </message>
    <message>
        <source>{folds}-fold cross-validation…</source>
        <translation>{folds} 折交叉验证…</translation>
    </message>
    <message>
        <source>Learning curve</source>
        <translation>学习曲线</translation>
    </message>
    <message>
        <source>Learning curve: {sizes} sizes × {seeds} seeds…</source>
        <translation>学习曲线：{sizes} 种规模 × {seeds} 个种子…</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Open a dataset to see augmented copies of its texts.</source>
        <translation>打开一个数据集，即可查看其文本的增强副本。</translation>
    </message>
    <message>
        <source>The preview appears when the run in progress ends.</source>
        <translation>正在进行的运行结束后会显示预览。</translation>
    </message>
    <message>
        <source>No preview: {problem}</source>
        <translation>无法预览：{problem}</translation>
    </message>
</context>
<context>
    <name>TuneDialog</name>
    <message>
        <source>Tune: search for good settings</source>
        <translation>调参：搜索好的设置</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Wall time for the whole study; the trial in flight when it runs out is stopped, and the best finished trial is kept.</source>
        <translation>整个搜索的时间预算；时间用完时正在进行的试验会被停止，已完成的最佳试验会保留。</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Macro F1 (every class counts the same)</source>
        <translation>宏平均 F1（每个类别权重相同）</translation>
    </message>
    <message>
        <source>Recall of {label}</source>
        <translation>{label} 的召回率</translation>
    </message>
    <message>
        <source>What the search maximizes, measured on the validation rows.</source>
        <translation>搜索要最大化的指标，在验证集上计算。</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Maximize</source>
        <translation>最大化</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Range or values</source>
        <translation>范围或取值</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <source>Settings to search</source>
        <translation>要搜索的设置</translation>
    </message>
    <message>
        <source>Start tuning</source>
        <translation>开始调参</translation>
    </message>
    <message>
        <source>Trial 1 trains the form&apos;s settings as they are; Optuna&apos;s TPE sampler draws the next ones. Every trial is a stored run on the same split, trained for the form&apos;s {epochs} epochs at most; a trial below the median of the finished ones from epoch {prune} on is pruned. Unticked settings keep the form&apos;s value.</source>
        <translation>试验 1 按表单中的设置原样训练；之后的试验由 Optuna 的 TPE 采样器抽取。每次试验都是在同一数据划分上保存的一个运行，最多训练表单中的 {epochs} 轮；从第 {prune} 轮起低于已完成试验中位数的试验会被剪枝。未勾选的设置保持表单中的值。</translation>
    </message>
    <message>
        <source>{count} settings searched.</source>
        <translation>搜索 {count} 个设置。</translation>
    </message>
    <message>
        <source>The same space for the command line (--space FILE.json): {json}</source>
        <translation>命令行中的同一搜索空间（--space FILE.json）：{json}</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
</context>
<context>
    <name>Tuning</name>
    <message>
        <source>Find &amp;learning rate…</source>
        <translation>寻找学习率(&amp;L)…</translation>
    </message>
    <message>
        <source>Train a fresh model for up to 100 batches while the learning rate rises, and read a good rate from the loss.</source>
        <translation>在学习率逐步升高的同时训练一个新模型（最多 100 批），并从损失中读出合适的学习率。</translation>
    </message>
    <message>
        <source>T&amp;une…</source>
        <translation>调参(&amp;U)…</translation>
    </message>
    <message>
        <source>Search for good settings within a time budget.</source>
        <translation>在时间预算内搜索好的设置。</translation>
    </message>
    <message>
        <source>{model}, {optimizer}, batch size {batch}</source>
        <translation>{model}，{optimizer}，批大小 {batch}</translation>
    </message>
    <message>
        <source>Finding a learning rate for {what}…</source>
        <translation>正在为 {what} 寻找学习率…</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning rate set to {rate:g}.</source>
        <translation>学习率已设为 {rate:g}。</translation>
    </message>
    <message>
        <source>Tuning for {minutes:g} minute(s)…</source>
        <translation>正在调参，预算 {minutes:g} 分钟…</translation>
    </message>
    <message>
        <source>Tuning</source>
        <translation>调参</translation>
    </message>
    <message>
        <source>Loaded the best trial&apos;s settings; train them, or change them first.</source>
        <translation>已载入最佳试验的设置；可以直接训练，或先修改。</translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation>请先打开一个数据集。</translation>
    </message>
    <message>
        <source>Wait for the run in progress to end, or stop it first.</source>
        <translation>请等待当前运行结束，或先停止它。</translation>
    </message>
    <message>
        <source>Fix the settings first: {problem}</source>
        <translation>请先修正设置：{problem}</translation>
    </message>
</context>
<context>
    <name>WeightsPanel</name>
    <message>
        <source>Weights appear here after each epoch.</source>
        <translation>每轮结束后，权重会显示在这里。</translation>
    </message>
    <message>
        <source>This model has no weight matrices to show.</source>
        <translation>这个模型没有可显示的权重矩阵。</translation>
    </message>
    <message>
        <source>sparsity {share} (|w| &lt; {threshold})</source>
        <translation>稀疏度 {share}（|w| &lt; {threshold}）</translation>
    </message>
    <message>
        <source>{count} weights · mean |w| {mean}</source>
        <translation>{count} 个权重 · 平均 |w| {mean}</translation>
    </message>
    <message>
        <source>Loss split</source>
        <translation>损失构成</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>data loss</source>
        <translation>数据损失</translation>
    </message>
    <message>
        <source>L1/L2 penalty</source>
        <translation>L1/L2 惩罚</translation>
    </message>
    <message>
        <source>Loss split — {run}</source>
        <translation>损失构成 — {run}</translation>
    </message>
    <message>
        <source>Epoch {epoch}</source>
        <translation>第 {epoch} 轮</translation>
    </message>
    <message>
        <source>{share} of weights near zero</source>
        <translation>{share} 的权重接近零</translation>
    </message>
    <message>
        <source>mean |w| {value}</source>
        <translation>平均 |w| {value}</translation>
    </message>
    <message>
        <source>Near zero: |w| &lt; {threshold}</source>
        <translation>接近零：|w| &lt; {threshold}</translation>
    </message>
    <message>
        <source>+{count} more (smaller matrices: {names})</source>
        <translation>另有 {count} 个（较小的矩阵：{names}）</translation>
    </message>
</context>
<context>
    <name>_Load</name>
    <message>
        <source>Reading the file failed unexpectedly ({error}).</source>
        <translation>读取文件时意外失败（{error}）。</translation>
    </message>
</context>
<context>
    <name>_Row</name>
    <message>
        <source>log scale</source>
        <translation>对数刻度</translation>
    </message>
</context>
<context>
    <name>_TaskView</name>
    <message>
        <source>Training {total} runs; the results appear here when the last one ends.</source>
        <translation>正在训练 {total} 次运行；最后一次结束后结果会显示在这里。</translation>
    </message>
    <message>
        <source>{done} of {total} runs finished…</source>
        <translation>已完成 {done} / {total} 次运行…</translation>
    </message>
    <message>
        <source>Did not finish: {message}</source>
        <translation>未能完成：{message}</translation>
    </message>
</context>
</TS>
