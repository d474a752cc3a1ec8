<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="73"/>
        <source>About Torch Workbench</source>
        <translation>关于 Torch Workbench</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="87"/>
        <source>Build and train PyTorch image classifiers without writing the training script. The project file is plain JSON; &lt;code&gt;workbench train PROJECT&lt;/code&gt; runs it without a window.</source>
        <translation>无需手写训练脚本即可搭建并训练 PyTorch 图像分类器。项目文件是普通的 JSON；&lt;code&gt;workbench train PROJECT&lt;/code&gt; 可在没有窗口的情况下运行它。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="92"/>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="92"/>
        <source>torchvision</source>
        <translation>torchvision</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="93"/>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="93"/>
        <source>PySide6</source>
        <translation>PySide6</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="93"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="97"/>
        <source>not known yet (PyTorch is still loading)</source>
        <translation>尚不可知（PyTorch 仍在加载）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="99"/>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="101"/>
        <source>not available: training runs on the CPU</source>
        <translation>不可用：训练在 CPU 上运行</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/about.py" line="102"/>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
</context>
<context>
    <name>Autosaver</name>
    <message>
        <location filename="../../workbench/gui/desktop/recovery.py" line="42"/>
        <source>Autosave failed: {0}</source>
        <translation>自动保存失败：{0}</translation>
    </message>
</context>
<context>
    <name>ClassBars</name>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="110"/>
        <source>■ train  ■ validation</source>
        <translation>■ 训练  ■ 验证</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="110"/>
        <source>■ train</source>
        <translation>■ 训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="111"/>
        <source>   (first 30 of {count} classes)</source>
        <translation>   （{count} 个类别中的前 30 个）</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="54"/>
        <source>Click a cell to see its images · the wheel zooms, dragging pans</source>
        <translation>单击单元格查看其中的图像 · 滚轮缩放，拖动平移</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="123"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="124"/>
        <source>counts</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="125"/>
        <source>share of each true class</source>
        <translation>占各真实类别的比例</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="138"/>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="139"/>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="236"/>
        <source> ({share:.1%} of {name})</source>
        <translation>（占 {name} 的 {share:.1%}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="237"/>
        <source>true &lt;b&gt;{true}&lt;/b&gt; → predicted &lt;b&gt;{predicted}&lt;/b&gt;: 1 image</source>
        <translation>真实 &lt;b&gt;{true}&lt;/b&gt; → 预测 &lt;b&gt;{predicted}&lt;/b&gt;：1 张图像</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="238"/>
        <source>true &lt;b&gt;{true}&lt;/b&gt; → predicted &lt;b&gt;{predicted}&lt;/b&gt;: {count} images</source>
        <translation>真实 &lt;b&gt;{true}&lt;/b&gt; → 预测 &lt;b&gt;{predicted}&lt;/b&gt;：{count} 张图像</translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="63"/>
        <source>Split off a fraction of the training data</source>
        <translation>从训练数据中划分一部分</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="64"/>
        <source>A separate folder</source>
        <translation>单独的文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="65"/>
        <source>The data set&apos;s own test split</source>
        <translation>数据集自带的测试集</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="66"/>
        <location filename="../../workbench/gui/panels/data.py" line="630"/>
        <source>No validation</source>
        <translation>不做验证</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="277"/>
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="279"/>
        <source>Image folder (one sub-folder per class)</source>
        <translation>图像文件夹（每个类别一个子文件夹）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="280"/>
        <source>Built-in data set (torchvision)</source>
        <translation>内置数据集（torchvision）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="288"/>
        <source>drop a folder on the window, or choose one</source>
        <translation>把文件夹拖到窗口上，或选择一个</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="291"/>
        <location filename="../../workbench/gui/panels/data.py" line="354"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="299"/>
        <source>{name}  ({shape}, {classes} classes, {size_mb} MB)</source>
        <translation>{name}  （{shape}，{classes} 个类别，{size_mb} MB）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="302"/>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="305"/>
        <source>data (beside the project)</source>
        <translation>data（项目旁边）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="311"/>
        <source>Root folder</source>
        <translation>根文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="313"/>
        <source>Download if missing</source>
        <translation>缺失时下载</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="314"/>
        <source>Let training download the files when they are not under the root folder</source>
        <translation>文件不在根文件夹中时，由训练过程下载</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="317"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="323"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="334"/>
        <location filename="../../workbench/gui/panels/data.py" line="633"/>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="346"/>
        <source>Fraction</source>
        <translation>比例</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="347"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="357"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="361"/>
        <source>Transforms (training and validation)</source>
        <translation>变换（训练和验证）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="365"/>
        <source>Compute mean/std</source>
        <translation>计算均值/标准差</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="366"/>
        <source>Measure the training images&apos; per-channel mean and std and put them in a Normalize transform (added after ToTensor if there is none)</source>
        <translation>计算训练图像每个通道的均值和标准差，并填入 Normalize 变换（若没有，则添加在 ToTensor 之后）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="369"/>
        <source>Augmentation (training only, random)</source>
        <translation>数据增强（仅训练，随机）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="375"/>
        <location filename="../../workbench/gui/panels/data.py" line="643"/>
        <source>Loader</source>
        <translation>数据加载器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="389"/>
        <source>RGB, 3 channels</source>
        <translation>RGB，3 个通道</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="389"/>
        <source>grayscale, 1 channel</source>
        <translation>灰度，1 个通道</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="391"/>
        <source>How images are read: a folder whose images are all grayscale gives the model 1 channel unless RGB is chosen (pretrained models need RGB)</source>
        <translation>图像的读取方式：如果文件夹里全是灰度图像，模型得到 1 个通道，除非选择 RGB（预训练模型需要 RGB）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="394"/>
        <source>colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="409"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="411"/>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="420"/>
        <source>Show skipped files…</source>
        <translation>显示跳过的文件…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="427"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="429"/>
        <source>Top: as read. Bottom: after the training pipeline (with its random augmentation).</source>
        <translation>上：读入的原图。下：经过训练流水线（含随机增强）之后。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="454"/>
        <source>Re-sample</source>
        <translation>重新采样</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="455"/>
        <source>Show other images and new random augmentations</source>
        <translation>显示其他图像和新的随机增强</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="538"/>
        <source>Choose an image folder</source>
        <translation>选择图像文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="544"/>
        <source>Choose a validation folder</source>
        <translation>选择验证集文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="552"/>
        <source>Folder for built-in data sets</source>
        <translation>内置数据集的文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="569"/>
        <source>Data folder {name}</source>
        <translation>数据文件夹 {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="592"/>
        <source>Source: image folder</source>
        <translation>数据来源：图像文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="592"/>
        <source>Source: built-in data set</source>
        <translation>数据来源：内置数据集</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="604"/>
        <source>Built-in data set {name}</source>
        <translation>内置数据集 {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="627"/>
        <source>Validation split {fraction}</source>
        <translation>验证集划分 {fraction}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="628"/>
        <source>Validation folder {name}</source>
        <translation>验证集文件夹 {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="629"/>
        <source>Validation on the data set&apos;s test split</source>
        <translation>用数据集自带的测试集验证</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="631"/>
        <source>Validation split</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="631"/>
        <source>Validation seed</source>
        <translation>验证集随机种子</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="632"/>
        <source>Validation folder</source>
        <translation>验证集文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="650"/>
        <source>Colour: {mode}</source>
        <translation>颜色：{mode}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="655"/>
        <location filename="../../workbench/gui/panels/data.py" line="656"/>
        <source>Reading the data set…</source>
        <translation>正在读取数据集…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="660"/>
        <source>Checking images: {done} of {total}…</source>
        <translation>正在检查图像：{done} / {total}…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="674"/>
        <source>The data set cannot be used: </source>
        <translation>无法使用该数据集：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="679"/>
        <source>&lt;b&gt;{classes} classes&lt;/b&gt; — {train} training, {val} validation images</source>
        <translation>&lt;b&gt;{classes} 个类别&lt;/b&gt; — {train} 张训练图像，{val} 张验证图像</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="681"/>
        <source>Input shape after transforms: &lt;b&gt;{shape}&lt;/b&gt;</source>
        <translation>变换后的输入形状：&lt;b&gt;{shape}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="682"/>
        <source>read as RGB</source>
        <translation>按 RGB 读取</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="682"/>
        <source>read as grayscale</source>
        <translation>按灰度读取</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="685"/>
        <source>note: {note}</source>
        <translation>注意：{note}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="687"/>
        <source>warning: {warning}</source>
        <translation>警告：{warning}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="692"/>
        <source>No files skipped</source>
        <translation>没有跳过文件</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="692"/>
        <source>1 file skipped</source>
        <translation>跳过了 1 个文件</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="693"/>
        <source>{n} files skipped</source>
        <translation>跳过了 {n} 个文件</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="695"/>
        <source>Data: {num_classes} classes, {value} + {value2} images, input {shape}</source>
        <translation>数据：{num_classes} 个类别，{value} + {value2} 张图像，输入 {shape}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="703"/>
        <source>Skipped files</source>
        <translation>跳过的文件</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="238"/>
        <source>Preview failed: {e}</source>
        <translation>预览失败：{e}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="350"/>
        <source>validation folder</source>
        <translation>验证集文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="351"/>
        <source>A folder with the same class sub-folders as the training data</source>
        <translation>一个与训练数据有相同类别子文件夹的文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="388"/>
        <source>as the images are</source>
        <translation>按图像本身</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="735"/>
        <source>{name} — {value}×{value2} as read</source>
        <translation>{name} — 读入时 {value}×{value2}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="736"/>
        <source>{name} — {value}×{value2} after the pipeline</source>
        <translation>{name} — 经过流水线后 {value}×{value2}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="745"/>
        <source>Choose a data set first</source>
        <translation>请先选择数据集</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="750"/>
        <source>Computing mean and std of the training images…</source>
        <translation>正在计算训练图像的均值和标准差…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="755"/>
        <source>Mean/std failed: {error}</source>
        <translation>计算均值/标准差失败：{error}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="767"/>
        <source>Normalize with the measured mean/std</source>
        <translation>用测得的均值/标准差归一化</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="768"/>
        <source>Normalize: mean {mean}, std {std}</source>
        <translation>Normalize：均值 {mean}，标准差 {std}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="791"/>
        <source>Downloading {name} (about {size_mb} MB) into {root}…</source>
        <translation>正在下载 {name}（约 {size_mb} MB）到 {root}…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="823"/>
        <source>Download cancelled</source>
        <translation>下载已取消</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="825"/>
        <source>Download finished</source>
        <translation>下载完成</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="829"/>
        <source>Download failed: </source>
        <translation>下载失败：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="829"/>
        <source>exit status {code}</source>
        <translation>退出状态 {code}</translation>
    </message>
</context>
<context>
    <name>ExperimentsPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="105"/>
        <source>log range</source>
        <translation>对数范围</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="106"/>
        <location filename="../../workbench/gui/panels/experiments.py" line="403"/>
        <source>range</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="107"/>
        <source>integers</source>
        <translation>整数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="108"/>
        <source>values</source>
        <translation>取值</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="109"/>
        <source>Any number from low to high, drawn on a log scale (as many between 0.001 and 0.01 as between 0.01 and 0.1): for learning rates and weight decay</source>
        <translation>从下限到上限的任意数，按对数刻度抽取（0.001 到 0.01 之间与 0.01 到 0.1 之间一样多）：适合学习率和权重衰减</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="112"/>
        <source>Any number from low to high</source>
        <translation>从下限到上限的任意数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="113"/>
        <source>Any whole number from low to high</source>
        <translation>从下限到上限的任意整数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="114"/>
        <source>One of the values listed, separated by commas</source>
        <translation>所列取值之一，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="115"/>
        <source>TPE (learns from the trials)</source>
        <translation>TPE（从已有试验中学习）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="116"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="117"/>
        <source>Grid (every combination)</source>
        <translation>网格（每种组合）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="118"/>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="119"/>
        <source>Hyperband</source>
        <translation>Hyperband</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="120"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="121"/>
        <source>complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="122"/>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="123"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="124"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="125"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="148"/>
        <source>Optimizer type</source>
        <translation>优化器类型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="149"/>
        <source>Optimizer ({type}) · {name}</source>
        <translation>优化器（{type}）· {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="152"/>
        <source>Loss ({type}) · {name}</source>
        <translation>损失函数（{type}）· {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="155"/>
        <source>Layer {index} ({type}) · {name}</source>
        <translation>第 {index} 层（{type}）· {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="157"/>
        <source>Augmentation {index} ({type}) · {name}</source>
        <translation>数据增强 {index}（{type}）· {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="168"/>
        <location filename="../../workbench/gui/panels/experiments.py" line="184"/>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="170"/>
        <source>{name} · layer {index} ({type})</source>
        <translation>{name} · 第 {index} 层（{type}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="232"/>
        <location filename="../../workbench/gui/panels/experiments.py" line="403"/>
        <source>low</source>
        <translation>下限</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="233"/>
        <location filename="../../workbench/gui/panels/experiments.py" line="404"/>
        <source>high</source>
        <translation>上限</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="235"/>
        <source>values, separated by commas</source>
        <translation>取值，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="246"/>
        <source>Do not vary this</source>
        <translation>不再调这个参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="292"/>
        <source>name a project path</source>
        <translation>请填写项目路径</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="294"/>
        <source>give both low and high</source>
        <translation>请填写下限和上限</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="397"/>
        <source>What to vary</source>
        <translation>要调的参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="403"/>
        <source>parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="427"/>
        <source>Add parameter</source>
        <translation>添加参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="440"/>
        <source>Sweep</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="448"/>
        <source>The study&apos;s name: a new name starts a new study; an existing one continues it (its trials are kept)</source>
        <translation>研究的名称：新名称开始新的研究；已有的名称则继续该研究（保留其试验）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="454"/>
        <source>How each trial&apos;s values are chosen</source>
        <translation>每次试验的取值如何选择</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="459"/>
        <source>Stop a trial early when its epochs are worse than the other trials&apos; were at the same epoch</source>
        <translation>某次试验在某一轮的结果比其他试验同一轮时差时，提前停止它</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="464"/>
        <source>How many trials Start runs (more, in a study that has some already)</source>
        <translation>“开始”运行多少次试验（在已有试验的研究中再添加这么多）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="467"/>
        <source>Trials at the same time, each in a process of its own (one GPU each where there are GPUs)</source>
        <translation>同时进行的试验数，每个在自己的进程中（有 GPU 时每个用一块 GPU）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="471"/>
        <source>Epochs each trial trains</source>
        <translation>每次试验训练的轮数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="472"/>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="474"/>
        <source>Sampler</source>
        <translation>采样器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="476"/>
        <source>Pruner</source>
        <translation>剪枝器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="478"/>
        <source>Trials</source>
        <translation>试验数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="480"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="482"/>
        <source>Workers</source>
        <translation>并行数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="487"/>
        <source>▶  Start</source>
        <translation>▶  开始</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="489"/>
        <location filename="../../workbench/gui/panels/experiments.py" line="966"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="490"/>
        <source>Finish the running trial, then hold until Resume</source>
        <translation>完成正在运行的试验，然后等待，直到按“继续”</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="492"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="493"/>
        <source>End the sweep now: the running trial stops and keeps its last.pt</source>
        <translation>立即结束搜索：正在运行的试验停止，并保留它的 last.pt</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="514"/>
        <source>Open as project</source>
        <translation>用作当前项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="515"/>
        <source>Give the project the selected trial&apos;s values (the best trial&apos;s when none is selected): one step, Edit › Undo takes it back</source>
        <translation>把所选试验的取值（未选时用最佳试验的）写入项目：一步操作，“编辑 › 撤销”可以还原</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="537"/>
        <source>Parallel coordinates</source>
        <translation>平行坐标</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="538"/>
        <source>Parameter importance</source>
        <translation>参数重要性</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="539"/>
        <source>Trial curves</source>
        <translation>试验曲线</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="598"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="598"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="598"/>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="599"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="599"/>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="612"/>
        <source>Another field (type its path)…</source>
        <translation>其他字段（输入其路径）…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="628"/>
        <source>given twice</source>
        <translation>重复出现</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="659"/>
        <source>Grid: fix the parameters to count the combinations</source>
        <translation>网格：请先修正参数，才能计算组合数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="663"/>
        <source>Grid: {sizes} = {total} trials</source>
        <translation>网格：{sizes} = {total} 次试验</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="665"/>
        <source>Ranges take {points} evenly spaced values (log ranges on a log scale); whole numbers up to {points}</source>
        <translation>范围取 {points} 个等间距的值（对数范围按对数刻度）；整数范围最多 {points} 个</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="701"/>
        <source>as the project ({epochs})</source>
        <translation>同项目（{epochs}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="778"/>
        <location filename="../../workbench/gui/panels/experiments.py" line="1002"/>
        <location filename="../../workbench/gui/panels/experiments.py" line="1023"/>
        <source>Not started: {reason}</source>
        <translation>未开始：{reason}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="783"/>
        <source>Could not read the study: {message}</source>
        <translation>无法读取研究：{message}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="802"/>
        <source>Paused: no trial is running. Resume goes on with the next trial.</source>
        <translation>已暂停：没有正在运行的试验。按“继续”进行下一次试验。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="808"/>
        <source>Study &lt;b&gt;{name}&lt;/b&gt;: no trials yet. Start runs the first.</source>
        <translation>研究 &lt;b&gt;{name}&lt;/b&gt;：还没有试验。按“开始”运行第一次。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="813"/>
        <source>Study &lt;b&gt;{name}&lt;/b&gt;: {count} trials ({states})</source>
        <translation>研究 &lt;b&gt;{name}&lt;/b&gt;：{count} 次试验（{states}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="817"/>
        <source>best: trial {number}, {metric} {value}</source>
        <translation>最佳：试验 {number}，{metric} {value}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="825"/>
        <source>trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="825"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="825"/>
        <source>duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="921"/>
        <source>Trial {number} ({state}): {values}</source>
        <translation>试验 {number}（{state}）：{values}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="966"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="981"/>
        <source>{parameter}: {reason} — fix it or remove it to start.</source>
        <translation>{parameter}：{reason} —— 修正或删除它才能开始。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="984"/>
        <source>Add a parameter to vary.</source>
        <translation>请添加要调的参数。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="987"/>
        <source>Start adds {new} trials to the {count} of this study.</source>
        <translation>“开始”会在本研究已有的 {count} 次试验之外再运行 {new} 次。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="989"/>
        <source>Trials train in {folder}</source>
        <translation>试验在 {folder} 中训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1003"/>
        <source>add a parameter to vary</source>
        <translation>请添加要调的参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1010"/>
        <source>Starting the sweep…</source>
        <translation>正在开始搜索…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1041"/>
        <source>Sweep running: study {name}, {count} trials to go</source>
        <translation>搜索进行中：研究 {name}，还有 {count} 次试验</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1056"/>
        <source>Sweep running</source>
        <translation>搜索进行中</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1060"/>
        <source>Pausing: the running trial finishes, then the sweep holds</source>
        <translation>正在暂停：正在运行的试验完成后，搜索将等待</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1076"/>
        <source>Stopping the sweep (the running trial keeps its last.pt)…</source>
        <translation>正在停止搜索（正在运行的试验保留其 last.pt）…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1095"/>
        <source>The sweep failed: {message}</source>
        <translation>搜索失败：{message}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1096"/>
        <source>The sweep failed</source>
        <translation>搜索失败</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1098"/>
        <source>Sweep stopped; the stopped trial&apos;s last.pt is kept in its run folder</source>
        <translation>搜索已停止；被停止的试验的 last.pt 保留在它的运行文件夹中</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1100"/>
        <source>Sweep finished</source>
        <translation>搜索完成</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1111"/>
        <source>Sweep stopped: {count} trials; best trial {number}, {metric} {value}</source>
        <translation>搜索已停止：{count} 次试验；最佳为试验 {number}，{metric} {value}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1112"/>
        <source>Sweep done: {count} trials; best trial {number}, {metric} {value}</source>
        <translation>搜索完成：{count} 次试验；最佳为试验 {number}，{metric} {value}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1131"/>
        <source>No trial to open: select one, or wait for one to complete</source>
        <translation>没有可用的试验：请选择一个，或等待有试验完成</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1137"/>
        <source>Cannot open the trial</source>
        <translation>无法使用该试验</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1143"/>
        <source>The project already has trial {number}&apos;s values</source>
        <translation>项目已经是试验 {number} 的取值</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1146"/>
        <source>Trial {number}: {changes}</source>
        <translation>试验 {number}：{changes}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="1152"/>
        <source>The project now has trial {number}&apos;s values ({changes}); Edit › Undo gives back the previous ones</source>
        <translation>项目现在使用试验 {number} 的取值（{changes}）；“编辑 › 撤销”可还原原来的取值</translation>
    </message>
</context>
<context>
    <name>ExplainControls</name>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="25"/>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="26"/>
        <source>Integrated Gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="27"/>
        <source>Occlusion</source>
        <translation>遮挡</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="79"/>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="80"/>
        <source>Lay a heat map over each picture: where the model looked for its answer</source>
        <translation>在每张图片上叠加热力图：模型根据图中哪些位置作出判断</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="84"/>
        <source>Grad-CAM: quick, coarse (the last convolution). Integrated Gradients: pixel by pixel. Occlusion: what covering each patch changes (slow).</source>
        <translation>Grad-CAM：快速、粗略（最后一个卷积层）。积分梯度：逐像素。遮挡：遮住每一小块后结果的变化（较慢）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="87"/>
        <source>The class whose evidence is shown</source>
        <translation>显示哪个类别的依据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="88"/>
        <source>predicted class</source>
        <translation>预测的类别</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="93"/>
        <source>Opacity of the heat map</source>
        <translation>热力图的不透明度</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="94"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="98"/>
        <source>blue: little evidence for the class · red: the most</source>
        <translation>蓝色：支持该类别的依据很少 · 红色：依据最多</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="99"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/explain.py" line="99"/>
        <source>high</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="68"/>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="72"/>
        <source>Model: &lt;b&gt;{value}/{value2}&lt;/b&gt;</source>
        <translation>模型：&lt;b&gt;{value}/{value2}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="75"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="94"/>
        <source>⚠ Loading this file runs code: {PICKLE_WARNING}.</source>
        <translation>⚠ 加载此文件会运行代码：{PICKLE_WARNING}。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="97"/>
        <source>I understand: export a whole pickled model anyway</source>
        <translation>我了解风险：仍然导出整个 pickle 模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="103"/>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="107"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="114"/>
        <source>Exporting and checking…</source>
        <translation>正在导出并检查…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="124"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="154"/>
        <source>Load it with: &lt;code&gt;{value}&lt;/code&gt;</source>
        <translation>加载方式：&lt;code&gt;{value}&lt;/code&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="170"/>
        <source>Export model as</source>
        <translation>将模型导出为</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="171"/>
        <source>{title} (*{suffix});;All files (*)</source>
        <translation>{title} (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="202"/>
        <source>&lt;span style=&apos;color:#1b7a30&apos;&gt;✔ Saved and checked: {value}&lt;/span&gt;&lt;br&gt;Load it with:&lt;br&gt;&lt;code&gt;{value2}&lt;/code&gt;</source>
        <translation>&lt;span style=&apos;color:#1b7a30&apos;&gt;✔ 已保存并检查：{value}&lt;/span&gt;&lt;br&gt;加载方式：&lt;br&gt;&lt;code&gt;{value2}&lt;/code&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="209"/>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;✘ Not exported: {value}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;✘ 未导出：{value}&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="218"/>
        <source>Replace the file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="218"/>
        <source>{path} exists. Replace it?</source>
        <translation>{path} 已存在。要替换吗？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/export.py" line="223"/>
        <source>Still exporting: wait for it to finish.</source>
        <translation>仍在导出：请等待完成。</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="41"/>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="42"/>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="43"/>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="44"/>
        <source>mixed precision</source>
        <translation>混合精度</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="45"/>
        <source>channels last</source>
        <translation>channels_last 内存格式</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="46"/>
        <source>compile</source>
        <translation>编译</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="47"/>
        <source>monitor</source>
        <translation>监控指标</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="48"/>
        <source>patience</source>
        <translation>耐心轮数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="49"/>
        <source>keep the best epoch</source>
        <translation>保留最佳轮次</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="50"/>
        <source>min delta</source>
        <translation>最小改进</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="51"/>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="52"/>
        <source>shuffle</source>
        <translation>打乱顺序</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="53"/>
        <source>drop last</source>
        <translation>丢弃最后不完整批</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="54"/>
        <source>num workers</source>
        <translation>加载进程数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="55"/>
        <source>balanced sampling</source>
        <translation>均衡采样</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="56"/>
        <source>head-only epochs</source>
        <translation>仅训练分类头的轮数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="57"/>
        <source>backbone lr factor</source>
        <translation>主干网络学习率系数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="19"/>
        <source>the Input shape box (Model tab)</source>
        <translation>“输入形状”框（模型页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="20"/>
        <source>the pretrained weights (Model tab)</source>
        <translation>预训练权重（模型页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="21"/>
        <source>the batch size (Data tab, Loader)</source>
        <translation>批大小（数据页，加载器）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="22"/>
        <source>the number of workers (Data tab, Loader)</source>
        <translation>工作进程数（数据页，加载器）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="23"/>
        <source>the validation fraction (Data tab)</source>
        <translation>验证集比例（数据页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="24"/>
        <source>the validation choice (Data tab)</source>
        <translation>验证方式（数据页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="25"/>
        <source>the validation folder (Data tab)</source>
        <translation>验证文件夹（数据页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="26"/>
        <source>the image folder (Data tab)</source>
        <translation>图像文件夹（数据页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="27"/>
        <source>the transforms (Data tab)</source>
        <translation>变换（数据页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="28"/>
        <source>the data cache size</source>
        <translation>数据缓存大小</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="29"/>
        <source>the device (Training tab)</source>
        <translation>设备（训练页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="30"/>
        <source>the number of epochs (Training tab)</source>
        <translation>训练轮数（训练页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="31"/>
        <source>the optimizer (Training tab)</source>
        <translation>优化器（训练页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="32"/>
        <source>the scheduler (Training tab)</source>
        <translation>学习率调度器（训练页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="33"/>
        <source>the loss (Training tab)</source>
        <translation>损失函数（训练页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="34"/>
        <source>the fine-tuning schedule (Training tab)</source>
        <translation>微调计划（训练页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/field_names.py" line="52"/>
        <source>layer {index}</source>
        <translation>第 {index} 层</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <location filename="../../workbench/gui/dialogs/gallery.py" line="46"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; — the first {shown} of {count} images, most confident first</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; — {count} 张图像中的前 {shown} 张，置信度最高的在前</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/gallery.py" line="48"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; — 1 image</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; — 1 张图像</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/gallery.py" line="50"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; — {count} images, most confident first</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; — {count} 张图像，置信度最高的在前</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/gallery.py" line="62"/>
        <source>No images here.</source>
        <translation>这里没有图像。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/gallery.py" line="75"/>
        <source>{ref}
true: {true}
predicted: {pred} ({confidence:.2%})</source>
        <translation>{ref}
真实：{true}
预测：{pred}（{confidence:.2%}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/gallery.py" line="83"/>
        <source>Could not explain: {message}</source>
        <translation>无法解释：{message}</translation>
    </message>
</context>
<context>
    <name>GettingStarted</name>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="65"/>
        <source>Read the data</source>
        <translation>读取数据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="68"/>
        <source>Choose an image folder with one sub-folder per class (the layout ImageFolder reads, so there is no Dataset class to write), or drop a folder anywhere on the window; or pick a built-in torchvision data set such as CIFAR10 and press Download. The summary counts the images of each class and lists the files it had to skip.</source>
        <translation>选择一个图像文件夹，里面每个类别占一个子文件夹（正是 ImageFolder 读取的结构，不用自己写 Dataset 子类），也可以直接把文件夹拖到窗口上；或者选一个 torchvision 内置数据集（比如 CIFAR10），再点“下载”。“概要”会统计每个类别有多少张图像，并列出读取时跳过的文件。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="74"/>
        <source>Transforms</source>
        <translation>变换</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="78"/>
        <source>Add transforms in order, like the list you pass to transforms.Compose; each has a form for its arguments. Augmentation (random flips, crops…) is applied to training images only. The preview shows images before and after the pipeline, and Compute mean/std fills in Normalize for you.</source>
        <translation>按顺序添加变换，就像传给 transforms.Compose 的那个列表；每个变换都有一张表单，用来填写它的参数。数据增强（随机翻转、随机裁剪等）只用在训练图像上。“预览”会显示处理前后的图像，“计算均值/标准差”会替你填好 Normalize 的参数。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="84"/>
        <source>Load the data in batches</source>
        <translation>按批加载数据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="87"/>
        <source>The fields are DataLoader&apos;s arguments: how many images per batch, whether to shuffle them every epoch, whether to drop an incomplete last batch, and how many worker processes load batches in parallel (0: the training process loads them itself).</source>
        <translation>这里的各项就是 DataLoader 的参数：每批多少张图像、每轮是否打乱顺序、是否丢弃最后凑不满的一批，以及用几个进程并行加载数据（0 表示由训练进程自己加载）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="92"/>
        <source>Build the model</source>
        <translation>搭建模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="95"/>
        <source>Double-click a layer in the palette on the left to add it below the selected row, then set its arguments under the table. Every row shows the layer&apos;s output shape and parameter count, so a wrong in_features shows at once, in red, with the reason; in_channels and in_features may stay empty and are worked out from the shapes. Templates load the primer&apos;s networks and a few more; the PyTorch code tab shows the nn.Sequential you have built.</source>
        <translation>在左侧的“层”列表里双击一个层，它就会加到所选行的下面，然后在表格下方设置它的参数。每一行都显示这一层的输出形状和参数量，所以 in_features 填错了会马上标红，并说明原因；in_channels 和 in_features 可以留空，程序会根据形状自动算出来。“模板”里有入门教程中的网络，还有另外几个现成的网络；“PyTorch 代码”标签页显示你搭好的 nn.Sequential。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="103"/>
        <source>Loss function and optimizer</source>
        <translation>损失函数与优化器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="106"/>
        <source>Pick the loss function and the optimizer from their lists; the optimizer&apos;s form holds the learning rate (lr) and its other arguments. The number of epochs, a learning-rate scheduler and early stopping are on the same tab.</source>
        <translation>从列表中选择损失函数和优化器；学习率（lr）等优化器参数在它下面的表单里设置。训练轮数、学习率调度器和早停也在这个选项卡里。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="111"/>
        <source>Train and validate</source>
        <translation>训练与验证</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="114"/>
        <source>Train (F5, or the Train button above the plots) runs the primer&apos;s loop for you: every epoch trains on all batches, then validates with the model in eval mode. The plots draw the loss of each batch, then each epoch&apos;s loss and accuracy, as they come. Pause and Stop act after the current batch. The Validation box on the Data tab chooses which images the model is validated on.</source>
        <translation>按 F5（或点图表上方的“训练”按钮），程序就会替你跑入门教程里的训练循环：每一轮先用全部批次训练，再把模型切换到验证模式（model.eval()）做验证。图表会实时画出每个批次的损失，以及每一轮的损失和准确率。“暂停”和“停止”在当前批次结束后生效。用哪些图像做验证，由“数据”选项卡里的“验证集”决定。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="121"/>
        <source>Evaluate the trained model</source>
        <translation>评估训练好的模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="124"/>
        <source>After training (or loading a checkpoint) this tab shows the accuracy, the precision and recall of each class, the confusion matrix, and the wrong answers the model was surest of. It can also evaluate the model on another image folder.</source>
        <translation>训练结束（或加载检查点）后，这里会显示准确率、每个类别的精确率和召回率、混淆矩阵，以及模型最有把握却判断错了的图像。也可以拿另一个图像文件夹来评估模型。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="129"/>
        <source>Save and load the model</source>
        <translation>模型保存与读取</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="132"/>
        <source>Save model writes a .pth state_dict, which your own script reads with model.load_state_dict(torch.load(path)), or a full checkpoint. Load model puts a state_dict into the current model, or opens a checkpoint to look at or to go on training. Every run also keeps its model.pth in its run folder.</source>
        <translation>“保存模型”可以把权重存成 .pth 格式的 state_dict（你自己的脚本用 model.load_state_dict(torch.load(path)) 就能读取），也可以存成完整的检查点。“加载模型”可以把 state_dict 载入当前模型，也可以打开一个检查点，查看结果或接着训练。此外，每次运行都会在自己的运行文件夹里留一份 model.pth。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="138"/>
        <source>Pretrained models</source>
        <translation>现有模型（预训练）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="141"/>
        <source>Choose vgg16, resnet18 or another of eighteen torchvision models with ImageNet weights: its last layer is replaced by a Linear layer for your classes, as the primer does with classifier[6], and the Data tab&apos;s transforms become the preprocessing those weights expect. Freeze backbone, on the Model tab, trains only that new layer; the Training tab&apos;s fine-tuning schedule trains it alone for a few epochs, then the whole network with a lower learning rate for the backbone. The weights are downloaded once, so the first time needs an internet connection (or copy the file where the message says).</source>
        <translation>从 18 个带 ImageNet 权重的 torchvision 模型中选一个，例如 vgg16 或 resnet18：它的最后一层会换成一个与你的类别数相符的 Linear 层，和入门教程里改写 classifier[6] 的做法一样；“数据”选项卡的变换也会设为这些权重所需的预处理。勾选“模型”选项卡里的“冻结主干网络”，就只训练这个新层；“训练”选项卡里的微调计划会先只训练它几轮，再以较低的主干网络学习率训练整个网络。权重只下载一次，所以第一次使用时需要联网（或者按提示把文件复制到指定位置）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="150"/>
        <source>Train on the GPU</source>
        <translation>用 GPU 训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="153"/>
        <source>&quot;auto&quot; uses the GPU whenever PyTorch finds one; the list names the devices of this computer and their memory. The model, the data and the loss are moved to it for you. Preferences (Edit menu) set the device that new projects start with.</source>
        <translation>选“自动”时，只要 PyTorch 找到 GPU 就会用它；列表里列出了这台电脑上的设备和各自的显存。模型、数据和损失函数会自动移到这个设备上。新项目默认用哪个设备，可以在“编辑”菜单的“首选项”里设置。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="158"/>
        <source>Record the run with TensorBoard</source>
        <translation>用 TensorBoard 记录训练过程</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="161"/>
        <source>Every run writes TensorBoard logs (losses, accuracy, sample images, the model&apos;s graph) into its folder. Open TensorBoard starts it on this project&apos;s runs and opens it in your browser. The tab also lists the past runs and draws their curves over each other.</source>
        <translation>每次运行都会在自己的文件夹里写入 TensorBoard 日志（损失、准确率、样例图像和模型结构图）。点“打开 TensorBoard”会用本项目的运行记录启动它，并在浏览器中打开。这个选项卡还会列出以往的运行，把它们的曲线叠在一起方便比较。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="166"/>
        <source>Predict new images</source>
        <translation>预测新图像</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="169"/>
        <source>Drop images or a folder on the tab (or add them with its buttons) to see the classes the trained model gives each image, with their probabilities.</source>
        <translation>把图像或文件夹拖到这个选项卡上（或者用上面的按钮添加），就能看到训练好的模型给每张图像预测的类别和对应的概率。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="173"/>
        <source>Check the data and where the model looks</source>
        <translation>检查数据，看模型关注哪里</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="176"/>
        <source>Find label issues trains the model a few times, each without a part of the images, and lists the images whose label the other models disagree with; Find duplicates shows copies of one picture, and copies across training and validation. Move a file to another class, exclude it or send it to the trash: Undo takes any of it back. Tick Explain on the Predict tab or in a gallery to see where the model looked.</source>
        <translation>“查找标签问题”会把模型训练几次，每次留出一部分图片，然后列出其他模型与其标签不一致的图片；“查找重复图片”会找出同一张图片的副本，以及横跨训练集和验证集的副本。可以把文件移到另一个类别、排除它或移到回收站：撤销可以恢复其中任何一步。在“预测”页或图库中勾选“解释”，就能看到模型关注的位置。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="183"/>
        <source>Export the model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="186"/>
        <source>Write the model as TorchScript, ONNX, safetensors or a whole pickled model, or write a plain PyTorch training script that does what the window does.</source>
        <translation>把模型导出为 TorchScript、ONNX、safetensors 或完整的 pickle 模型；也可以生成一份纯 PyTorch 的训练脚本，做的事和这个窗口一样。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="190"/>
        <source>Try many settings and keep the best</source>
        <translation>尝试多种设置，保留最好的</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="193"/>
        <source>Pick what to vary (the learning rate, the batch size, a layer&apos;s width…) and how many trials, and press Start: each trial trains the project with other values, in a process of its own; the table and the plots compare them, and Open as project keeps the best trial&apos;s values (one Undo takes them back).</source>
        <translation>选择要调的参数（学习率、批大小、某一层的宽度…）和试验次数，然后按“开始”：每次试验在自己的进程中用不同的取值训练项目；表格和图表对它们进行比较，“用作当前项目”保留最佳试验的取值（一次“撤销”即可还原）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="202"/>
        <source>this guide, with the primer&apos;s code for each step</source>
        <translation>本指南的文档版，每一步都附有入门教程中对应的代码</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="204"/>
        <source>what happens with bad input: unreadable images, layers that do not fit, a loss that turns NaN</source>
        <translation>输入有问题时会怎样：读不了的图像、形状对不上的层、变成 NaN 的损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="208"/>
        <source>how fast training is, measured against the primer&apos;s plain loop</source>
        <translation>训练有多快：与入门教程中的普通训练循环对比</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="210"/>
        <source>training on several GPUs or processes at once</source>
        <translation>同时用多块 GPU 或多个进程训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="212"/>
        <source>wrong labels, duplicates and where the model looks</source>
        <translation>错误的标签、重复的图片，以及模型关注的位置</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="214"/>
        <source>the pretrained models: their preprocessing, fine-tuning, weights offline</source>
        <translation>预训练模型：预处理、微调、离线使用权重</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="217"/>
        <source>sweeps in the window: many trainings with different settings, compared</source>
        <translation>在窗口中进行超参数搜索：用不同设置多次训练并加以比较</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="222"/>
        <source>Getting started</source>
        <translation>入门指南</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="223"/>
        <source>Torch Workbench runs the steps of a PyTorch training script for you. Each row below takes one step of such a script, in the order of the PyTorch primer (PyTorch入门教程), and shows where it happens in the window. The starter project is ready to go: press Train (F5) and watch the plots.</source>
        <translation>Torch Workbench 会替你完成 PyTorch 训练脚本里的每一步。下表按照《PyTorch入门教程》的顺序，逐一列出这些步骤，以及它们在窗口中的位置。示例项目已经准备好了：按“训练”（F5），看看图表怎么变化。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="228"/>
        <source>In a PyTorch script</source>
        <translation>PyTorch 脚本中</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="229"/>
        <source>In the window</source>
        <translation>窗口中</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="230"/>
        <source>More in the docs (in English)</source>
        <translation>更多内容见文档（英文）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="231"/>
        <source>{file}: {about}</source>
        <translation>{file}：{about}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="232"/>
        <source>{name} tab</source>
        <translation>“{name}”选项卡</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/getting_started.py" line="233"/>
        <source>{name} menu</source>
        <translation>“{name}”菜单</translation>
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="94"/>
        <source>Look for images whose label seems wrong and for copies of one picture. Nothing on disk changes until you choose a fix below, and Edit › Undo takes any fix back.</source>
        <translation>查找标签可能有误的图片和同一张图片的副本。在你选择下方的修正操作之前，磁盘上的文件不会有任何改动；任何修正都可以用 编辑 › 撤销 恢复。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="100"/>
        <source>Find label issues</source>
        <translation>查找标签问题</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="101"/>
        <source>Train the project&apos;s model a few times, each time without one part of the images, and list the images whose label the other models disagree with (confident learning, cleanlab)</source>
        <translation>用项目的模型训练几次，每次留出一部分图片，然后列出其他模型与其标签不一致的图片（置信学习，cleanlab）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="106"/>
        <source>Folds</source>
        <translation>折数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="110"/>
        <source>How many trainings: each image is judged by a model that never saw it</source>
        <translation>训练几次：每张图片都由没见过它的模型来判断</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="112"/>
        <source>Find duplicates</source>
        <translation>查找重复图片</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="113"/>
        <source>Exact copies and near copies (resized, re-saved) of one picture; copies in both training and validation flatter the validation accuracy</source>
        <translation>同一张图片的完全副本和近似副本（缩放过、重新保存过）；同时出现在训练集和验证集中的副本会虚高验证准确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="122"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="135"/>
        <source>Label issues</source>
        <translation>标签问题</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="143"/>
        <source>Duplicates</source>
        <translation>重复图片</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="145"/>
        <source>Excluded</source>
        <translation>已排除</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="152"/>
        <source>Selected images:</source>
        <translation>选中的图片：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="153"/>
        <source>Move to the suggested class</source>
        <translation>移到建议的类别</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="154"/>
        <source>Move each file into the folder of the class the models suggest</source>
        <translation>把每个文件移到模型建议的类别文件夹中</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="157"/>
        <source>Move to class</source>
        <translation>移到类别</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="162"/>
        <source>Exclude</source>
        <translation>排除</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="163"/>
        <source>Leave the images out of training and the generated script; the files stay where they are</source>
        <translation>训练和生成的脚本都不使用这些图片；文件保留在原处</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="166"/>
        <source>Include again</source>
        <translation>重新包含</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="168"/>
        <source>Move to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="169"/>
        <source>Send the files to the desktop&apos;s trash (Edit › Undo brings them back)</source>
        <translation>把文件移到系统回收站（编辑 › 撤销 可以恢复）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="206"/>
        <source>Preparing the data and the model…</source>
        <translation>正在准备数据和模型…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="223"/>
        <source>Training {fold} of {folds} · epoch {epoch} of {epochs}</source>
        <translation>第 {fold}/{folds} 次训练 · 第 {epoch}/{epochs} 轮</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="239"/>
        <source>the search ended without a result</source>
        <translation>查找结束，但没有得到结果</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="244"/>
        <source>{count} of {images} images look mislabelled (about {share}), judged by {folds} models that did not see them. Most likely first.</source>
        <translation>{images} 张图片中有 {count} 张看起来标错了（约 {share}），由 {folds} 个没见过它们的模型判断。最可能出错的排在前面。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="253"/>
        <source>the data is not ready yet (see the Data tab)</source>
        <translation>数据还没有准备好（见“数据”页）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="256"/>
        <source>Comparing the pictures…</source>
        <translation>正在比较图片…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="262"/>
        <source>Comparing the pictures: {done} of {total}</source>
        <translation>正在比较图片：{done}/{total}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="269"/>
        <source>{groups} groups of copies: {leaks} across training and validation (leakage), {conflicts} with different labels.</source>
        <translation>{groups} 组副本：{leaks} 组横跨训练集和验证集（数据泄漏），{conflicts} 组标签不同。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="276"/>
        <source>leakage</source>
        <translation>数据泄漏</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="278"/>
        <source>different labels</source>
        <translation>标签不同</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="279"/>
        <source>exact copies</source>
        <translation>完全相同</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="279"/>
        <source>near copies</source>
        <translation>近似副本</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="280"/>
        <source>Group {n}: {count} images, {kind}</source>
        <translation>第 {n} 组：{count} 张图片，{kind}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="281"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="304"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="308"/>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;✘ {reason}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;✘ {reason}&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="327"/>
        <source>in the trash</source>
        <translation>已移到回收站</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="330"/>
        <source>excluded</source>
        <translation>已排除</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="333"/>
        <source>moved to {klass}</source>
        <translation>已移到 {klass}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="336"/>
        <source>moved</source>
        <translation>已移动</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="348"/>
        <source>quality {score:.2f}</source>
        <translation>质量 {score:.2f}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="349"/>
        <source>{path}
labelled {given}; the models say {suggested}
label quality {score:.3f} (0: surely wrong, 1: surely right)</source>
        <translation>{path}
标签为 {given}；模型认为是 {suggested}
标签质量 {score:.3f}（0：肯定错，1：肯定对）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="373"/>
        <source>Excluded ({count})</source>
        <translation>已排除（{count}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="426"/>
        <source>Move {count} images to {klass}</source>
        <translation>把 {count} 张图片移到 {klass}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="427"/>
        <source>Move {name} to {klass}</source>
        <translation>把 {name} 移到 {klass}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="443"/>
        <source>Move the images to the suggested classes</source>
        <translation>把图片移到建议的类别</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="483"/>
        <location filename="../../workbench/gui/panels/health.py" line="494"/>
        <source>{count} images</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="484"/>
        <source>Exclude {images}</source>
        <translation>排除 {images}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="484"/>
        <source>Include {images} again</source>
        <translation>重新包含 {images}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/health.py" line="495"/>
        <source>Move {images} to the trash</source>
        <translation>把 {images} 移到回收站</translation>
    </message>
</context>
<context>
    <name>ImportanceChart</name>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="178"/>
        <source>share of the result&apos;s variation</source>
        <translation>对结果变化的贡献比例</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="188"/>
        <source>Parameter importance needs at least 2 complete trials ({count} so far).</source>
        <translation>参数重要性至少需要 2 次完成的试验（目前 {count} 次）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="193"/>
        <source>Parameter importance could not be computed: {message}</source>
        <translation>无法计算参数重要性：{message}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="206"/>
        <source>How much each parameter changed {metric}, over {count} complete trials (Optuna&apos;s PED-ANOVA; the shares add up to 1).</source>
        <translation>各参数对 {metric} 的影响，基于 {count} 次完成的试验（Optuna 的 PED-ANOVA；各比例之和为 1）。</translation>
    </message>
</context>
<context>
    <name>LayerTable</name>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="139"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="139"/>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="140"/>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="140"/>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
</context>
<context>
    <name>LivePlots</name>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="228"/>
        <source>{curve}: {y:.4g}  (epoch {x:.2f})</source>
        <translation>{curve}：{y:.4g}  （轮次 {x:.2f}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="251"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="251"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="252"/>
        <source>Batch loss</source>
        <translation>批次损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="253"/>
        <source>Epoch loss</source>
        <translation>每轮损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="289"/>
        <source>smoothed (moving average)</source>
        <translation>平滑（移动平均）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="292"/>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="293"/>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="254"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="254"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="262"/>
        <source>Press Train: loss and accuracy will draw here as the model learns.</source>
        <translation>按“训练”：模型学习时，损失和准确率曲线会画在这里。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="286"/>
        <source>batch loss</source>
        <translation>批次损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="291"/>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/plots.py" line="294"/>
        <source>train accuracy</source>
        <translation>训练准确率</translation>
    </message>
</context>
<context>
    <name>LrFindDialog</name>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="69"/>
        <source>Find the learning rate</source>
        <translation>寻找学习率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="73"/>
        <source>The model trains on up to {steps} batches while the learning rate rises from {low} to {high}; the loss shows at which rates it learns well. The project changes only when you choose Use.</source>
        <translation>模型在最多 {steps} 个批次上训练，学习率从 {low} 升到 {high}；损失曲线显示在哪些学习率下学得好。只有选择“使用”时项目才会改变。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="82"/>
        <source>learning rate (log scale)</source>
        <translation>学习率（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="83"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="86"/>
        <source>Loss against the learning rate</source>
        <translation>损失随学习率的变化</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="87"/>
        <source>batch loss</source>
        <translation>批次损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="88"/>
        <source>smoothed</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="90"/>
        <source>suggested</source>
        <translation>建议值</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="107"/>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="109"/>
        <source>Set the optimizer&apos;s learning rate to the suggested one (Edit › Undo takes it back)</source>
        <translation>把优化器的学习率设为建议值（编辑 › 撤销可以还原）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="113"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="177"/>
        <source>The finder ended without a result.</source>
        <translation>学习率查找结束了，但没有结果。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="182"/>
        <source>Preparing the data and the model…</source>
        <translation>正在准备数据和模型…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="186"/>
        <source>Step {step} of {steps}: learning rate {lr}</source>
        <translation>第 {step} / {steps} 步：学习率 {lr}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="201"/>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="236"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="219"/>
        <source>Suggested learning rate: &lt;b&gt;{lr}&lt;/b&gt;, where the smoothed loss falls fastest.</source>
        <translation>建议的学习率：&lt;b&gt;{lr}&lt;/b&gt;，平滑损失在这里下降最快。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="222"/>
        <source>The optimizer&apos;s learning rate now: {lr}.</source>
        <translation>优化器当前的学习率：{lr}。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="223"/>
        <source>Use {lr}</source>
        <translation>使用 {lr}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="227"/>
        <source>No rate to suggest: the loss did not fall clearly anywhere in the range. Check the data and the model (the labels, the last layer&apos;s size).</source>
        <translation>没有可建议的学习率：损失在整个范围内都没有明显下降。请检查数据和模型（标签、最后一层的大小）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="230"/>
        <source>The loss diverged at {lr}: the test stopped there.</source>
        <translation>损失在学习率 {lr} 处发散，测试在那里停止。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/lr_find.py" line="237"/>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;✘ The learning rate could not be found: {reason}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;✘ 无法找到学习率：{reason}&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="63"/>
        <source>Torch Workbench projects (*{ext});;All files (*)</source>
        <translation>Torch Workbench 项目 (*{ext});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="167"/>
        <location filename="../../workbench/gui/main_window.py" line="168"/>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="188"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="193"/>
        <source>Data health</source>
        <translation>数据体检</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="196"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="197"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="206"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="207"/>
        <source>Predict</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="208"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="216"/>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="254"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="255"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="256"/>
        <source>A new project on the built-in demo data</source>
        <translation>基于内置演示数据的新项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="257"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="258"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="261"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="262"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="264"/>
        <source>Save &amp;model…</source>
        <translation>保存模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="265"/>
        <source>Write the trained weights as .pth (state_dict) or a full checkpoint</source>
        <translation>将训练好的权重保存为 .pth（state_dict）或完整检查点</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="266"/>
        <source>&amp;Load model…</source>
        <translation>加载模型(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="267"/>
        <source>Open a checkpoint (architecture + weights) or a .pth state_dict</source>
        <translation>打开检查点（结构 + 权重）或 .pth state_dict</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="269"/>
        <source>Start from &amp;weights…</source>
        <translation>从权重开始(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="270"/>
        <source>Put weights from a .pth or checkpoint into this model (fine-tuning): Train starts from them</source>
        <translation>把 .pth 或检查点中的权重放进当前模型（微调）：训练从这些权重开始</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="271"/>
        <source>&amp;Export model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="272"/>
        <source>TorchScript, ONNX, a whole pickled model or a training script</source>
        <translation>TorchScript、ONNX、整个 pickle 模型或训练脚本</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="274"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="276"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="278"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="280"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="286"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="289"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="290"/>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="291"/>
        <source>&amp;Pause / Resume</source>
        <translation>暂停 / 继续(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="292"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="295"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="296"/>
        <source>&amp;Getting started</source>
        <translation>入门指南(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="298"/>
        <source>&amp;About Torch Workbench</source>
        <translation>关于 Torch Workbench(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="300"/>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="344"/>
        <source>Could not undo or redo</source>
        <translation>无法撤销或重做</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="353"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="357"/>
        <source>Could not list devices: {e}</source>
        <translation>无法列出设备：{e}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="365"/>
        <source>PyTorch not available</source>
        <translation>PyTorch 不可用</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="369"/>
        <source>{name} (unsaved)</source>
        <translation>{name}（未保存）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="370"/>
        <source>{name}[*] — Torch Workbench</source>
        <translation>{name}[*] — Torch Workbench</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="407"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="408"/>
        <source>Save the changes to {value}?</source>
        <translation>保存对 {value} 的更改吗？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="433"/>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="443"/>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="447"/>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="457"/>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="476"/>
        <source>Cannot save the project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="486"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="509"/>
        <source>Saved; the {count} runs trained before saving moved to {folder}</source>
        <translation>已保存；保存之前训练的 {count} 次运行已移到 {folder}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="515"/>
        <source>{path} changed on disk: open it again after the run to see the change</source>
        <translation>{path} 在磁盘上已被修改：运行结束后重新打开即可看到改动</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="522"/>
        <source>{name} was changed by another program.</source>
        <translation>{name} 已被另一个程序修改。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="523"/>
        <source>Reload it? Your unsaved changes here would be lost.</source>
        <translation>重新加载吗？这里未保存的修改将会丢失。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="523"/>
        <source>Reload it?</source>
        <translation>重新加载吗？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="524"/>
        <location filename="../../workbench/gui/main_window.py" line="530"/>
        <source>Project changed on disk</source>
        <translation>项目文件在磁盘上已被修改</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="531"/>
        <source>{name} was changed by another program since it was opened here. Save over those changes?</source>
        <translation>{name} 在这里打开之后已被另一个程序修改。要覆盖那些修改并保存吗？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="606"/>
        <location filename="../../workbench/gui/main_window.py" line="627"/>
        <source>A run is in progress: stop it before changing the data</source>
        <translation>正在训练：请先停止再更改数据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="608"/>
        <source>Drop to open the project {name}</source>
        <translation>松开以打开项目 {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="609"/>
        <source>Drop to use the folder {name} as the data set</source>
        <translation>松开以将文件夹 {name} 用作数据集</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="634"/>
        <source>Image folder {path}</source>
        <translation>图像文件夹 {path}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="693"/>
        <source>The model cannot run</source>
        <translation>模型无法运行</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="667"/>
        <source>Cannot start the run</source>
        <translation>无法开始训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="687"/>
        <source>Starting the run: reading the data…</source>
        <translation>开始训练：正在读取数据…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="718"/>
        <source>Not enough memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="719"/>
        <source>{reason}

Start anyway? The run may fail, or slow the computer down while it swaps.</source>
        <translation>{reason}

仍然开始吗？运行可能失败，或者在交换内存时拖慢电脑。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="750"/>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="754"/>
        <source>Paused after the current batch — press Resume to continue</source>
        <translation>已在当前批次后暂停 — 按“继续”恢复训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="761"/>
        <source>Stopping after the current batch (the last checkpoint is still written)…</source>
        <translation>将在当前批次后停止（仍会写入最后的检查点）…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="785"/>
        <source>Paused — press Resume to continue ({run_dir})</source>
        <translation>已暂停 — 按“继续”恢复训练（{run_dir}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="787"/>
        <source>Training on {value}… ({run_dir})</source>
        <translation>正在 {value} 上训练…（{run_dir}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="789"/>
        <source>Run folder: {run_dir}</source>
        <translation>运行文件夹：{run_dir}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="822"/>
        <source>Epoch {epoch}/{epochs} done</source>
        <translation>第 {epoch}/{epochs} 轮完成</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="810"/>
        <location filename="../../workbench/gui/main_window.py" line="823"/>
        <source> — val accuracy {value:.1f} %</source>
        <translation> — 验证准确率 {value:.1f} %</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="794"/>
        <source>Warning: {message}</source>
        <translation>警告：{message}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="804"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="804"/>
        <source>Stopped early (no more improvement)</source>
        <translation>已提前停止（不再改进）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="805"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="806"/>
        <source>Stopped: the loss diverged</source>
        <translation>已停止：损失发散</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="807"/>
        <source>{words} after {epochs_done} epochs</source>
        <translation>{words}，共 {epochs_done} 轮</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="813"/>
        <location filename="../../workbench/gui/main_window.py" line="953"/>
        <source>The run stopped</source>
        <translation>训练已停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="813"/>
        <source>The loss became NaN or infinite.</source>
        <translation>损失变成了 NaN 或无穷大。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="855"/>
        <location filename="../../workbench/gui/main_window.py" line="862"/>
        <source>Cannot open the run</source>
        <translation>无法打开该运行</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="863"/>
        <source>{run_dir} has no checkpoint (last.pt or best.pt)</source>
        <translation>{run_dir} 中没有检查点（last.pt 或 best.pt）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="887"/>
        <source>No model to export</source>
        <translation>没有可导出的模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="887"/>
        <source>Train the model, or load a checkpoint (.pt), first.</source>
        <translation>请先训练模型，或加载一个检查点（.pt）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="891"/>
        <source>Exported {p}</source>
        <translation>已导出 {p}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="909"/>
        <source>Learning rate set to {lr} (Edit › Undo takes it back)</source>
        <translation>学习率已设为 {lr}（编辑 › 撤销可以还原）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="924"/>
        <source>The run failed: {message}</source>
        <translation>训练失败：{message}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="928"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="954"/>
        <source>{message}

The plots so far are kept. Resume from the last checkpoint ({path})?</source>
        <translation>{message}

已保留目前的曲线。要从最近的检查点（{path}）继续训练吗？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="993"/>
        <location filename="../../workbench/gui/main_window.py" line="1001"/>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="994"/>
        <source>state_dict (*.pth);;Full checkpoint (*.pt)</source>
        <translation>state_dict (*.pth);;完整检查点 (*.pt)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1002"/>
        <source>Which weights? The best epoch ({best}) is what Results shows and the run&apos;s model.pth holds; the last epoch ({last}) is where the plots end.</source>
        <translation>保存哪一份权重？最佳轮次（第 {best} 轮）是“结果”页显示的、也是本次运行的 model.pth 所存的；最后一轮（第 {last} 轮）是曲线结束的地方。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1005"/>
        <source>Best (epoch {epoch})</source>
        <translation>最佳（第 {epoch} 轮）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1007"/>
        <source>Last (epoch {epoch})</source>
        <translation>最后（第 {epoch} 轮）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1020"/>
        <source>No model to save</source>
        <translation>没有可保存的模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1020"/>
        <source>Train the model (or load one) first.</source>
        <translation>请先训练模型（或加载一个）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1026"/>
        <source>Cannot save the model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1029"/>
        <source>Saved the model to {path}</source>
        <translation>模型已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1038"/>
        <source>Load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1092"/>
        <source>written during epoch {epoch}, part-trained</source>
        <translation>写于第 {epoch} 轮中途，只训练了一部分</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1099"/>
        <source>Loaded checkpoint {path} ({caption}): Train resumes it</source>
        <translation>已加载检查点 {path}（{caption}）：训练将从它继续</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1100"/>
        <source>Loaded checkpoint {path} ({caption}): Train starts from its weights</source>
        <translation>已加载检查点 {path}（{caption}）：训练将从它的权重开始</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1107"/>
        <source>The model now has these weights; Train starts from them. {what}</source>
        <translation>模型现在使用这些权重；训练将从它们开始。{what}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1034"/>
        <source>PyTorch files (*.pt *.pth);;All files (*)</source>
        <translation>PyTorch 文件 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="877"/>
        <source>Opened the run {name}: Train resumes it</source>
        <translation>已打开运行 {name}：训练将从它继续</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="878"/>
        <source>Opened the run {name}: its data, model, settings, curves and result</source>
        <translation>已打开运行 {name}：它的数据、模型、设置、曲线和结果</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1043"/>
        <source>Start from weights</source>
        <translation>从权重开始</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1060"/>
        <source>Loading {path}…</source>
        <translation>正在加载 {path}…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1081"/>
        <source>Cannot load the model</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1082"/>
        <source>The model was not loaded; nothing changed</source>
        <translation>模型未加载；没有任何更改</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1090"/>
        <source>Load the checkpoint&apos;s architecture</source>
        <translation>载入检查点的模型结构</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1093"/>
        <source>epoch {epoch}</source>
        <translation>第 {epoch} 轮</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1120"/>
        <source>Open a pickled model?</source>
        <translation>打开 pickle 模型？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1121"/>
        <source>{name} is a whole pickled model (torch.save(model)), not plain weights. Opening it runs Python code stored in the file, which can do anything a program on this computer can.

Open it only if you made it yourself or trust where it came from. Open it anyway?</source>
        <translation>{name} 是整个 pickle 模型（torch.save(model)），而不是单纯的权重。打开它会运行文件中保存的 Python 代码，这些代码能做这台电脑上任何程序能做的事。

只有当它是你自己生成的，或你信任其来源时才打开。仍然打开吗？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1127"/>
        <source>A run is in progress</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1128"/>
        <source>Stop the training run and close? The last checkpoint is kept.</source>
        <translation>停止训练并关闭？最后的检查点会保留。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="1153"/>
        <source>Stopping the run, then closing…</source>
        <translation>正在停止训练，然后关闭…</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="118"/>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="118"/>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="119"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="119"/>
        <source>Linear</source>
        <translation>全连接</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="120"/>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="120"/>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="121"/>
        <source>Shape</source>
        <translation>形状变换</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="121"/>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="122"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="122"/>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="400"/>
        <source>&lt;b&gt;Layers&lt;/b&gt; (double-click to add)</source>
        <translation>&lt;b&gt;层&lt;/b&gt;（双击添加）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="416"/>
        <source>Ready blocks</source>
        <translation>现成的块</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="428"/>
        <source>Add ▸</source>
        <translation>添加 ▸</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="429"/>
        <source>Insert the chosen layer after the selected row</source>
        <translation>在选中行之后插入所选的层</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="441"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="446"/>
        <source>Input shape:</source>
        <translation>输入形状：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="449"/>
        <source>channels, height, width — leave empty to take it from the data</source>
        <translation>通道, 高, 宽 — 留空则取自数据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="452"/>
        <location filename="../../workbench/gui/panels/model.py" line="902"/>
        <source>Freeze backbone</source>
        <translation>冻结主干网络</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="453"/>
        <source>Train only the new head; the pretrained layers keep their weights</source>
        <translation>只训练新的分类头；预训练层保持原有权重</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="464"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="465"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="467"/>
        <source>Move up (Alt+Up, or drag the row)</source>
        <translation>上移（Alt+Up，或拖动该行）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="468"/>
        <source>Move down (Alt+Down, or drag the row)</source>
        <translation>下移（Alt+Down，或拖动该行）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="485"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="485"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="539"/>
        <location filename="../../workbench/gui/panels/model.py" line="1146"/>
        <source>Layer arguments</source>
        <translation>层参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="542"/>
        <location filename="../../workbench/gui/panels/model.py" line="1147"/>
        <source>Select a layer to edit its arguments.</source>
        <translation>选择一层以编辑其参数。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="545"/>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="547"/>
        <source>PyTorch code</source>
        <translation>PyTorch 代码</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="557"/>
        <source>&amp;Templates</source>
        <translation>模板(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="558"/>
        <source>The primer</source>
        <translation>入门教程中的网络</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="559"/>
        <source>Small modern nets</source>
        <translation>小型现代网络</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="560"/>
        <source>Pretrained (torchvision, head replaced)</source>
        <translation>预训练（torchvision，替换分类头）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="595"/>
        <source>Undo {action} (Ctrl+Z)</source>
        <translation>撤销“{action}”（Ctrl+Z）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="596"/>
        <source>Nothing to undo</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="597"/>
        <source>Redo {action} (Ctrl+Shift+Z)</source>
        <translation>重做“{action}”（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="598"/>
        <source>Nothing to redo</source>
        <translation>没有可重做的操作</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="701"/>
        <location filename="../../workbench/gui/panels/model.py" line="708"/>
        <source>Add {type}</source>
        <translation>添加 {type}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="875"/>
        <source>Data › Transforms set to what the {name} weights expect: {transforms}</source>
        <translation>数据 › 变换已设为 {name} 权重所需的预处理：{transforms}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="912"/>
        <source>Weights:</source>
        <translation>权重：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="914"/>
        <source>torchvision&apos;s (ImageNet)</source>
        <translation>torchvision 提供的（ImageNet）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="915"/>
        <source>from a file…</source>
        <translation>来自文件…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="916"/>
        <source>none: start from random weights</source>
        <translation>不用：从随机权重开始</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="919"/>
        <source>file {name}</source>
        <translation>文件 {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="925"/>
        <source>torchvision&apos;s ({name})</source>
        <translation>torchvision 提供的（{name}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="937"/>
        <source>Pretrained weights</source>
        <translation>预训练权重</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="938"/>
        <source>PyTorch weights (*.pth *.pt);;All files (*)</source>
        <translation>PyTorch 权重 (*.pth *.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="952"/>
        <source>Weights: {value}</source>
        <translation>权重：{value}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="952"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1152"/>
        <source>A torchvision architecture with ImageNet weights; its classifier head is replaced by a Linear layer for your classes. Tick &apos;Freeze backbone&apos; to train only that head (the Training tab&apos;s fine-tuning schedule unfreezes it later). Choosing it set the Data tab&apos;s transforms to the preprocessing its weights expect (resize, centre crop, ImageNet mean and std); edit them there. Choose a layer template to go back to building a stack.</source>
        <translation>带 ImageNet 权重的 torchvision 架构；它的分类头会换成一个与你的类别数相符的 Linear 层。勾选“冻结主干网络”就只训练这个分类头（训练页的微调计划可以在之后解冻它）。选择它时，数据页的变换已设为其权重所需的预处理（缩放、中心裁剪、ImageNet 均值和标准差），可在那里修改。选择一个层模板即可回到逐层搭建。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1165"/>
        <source>Layer {row}: {type}</source>
        <translation>第 {row} 层：{type}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1171"/>
        <source>A block: select a row under it (its main path, shortcut or a branch) to add layers there.</source>
        <translation>这是一个块：选中它下面的一行（主路径、捷径或某个分支），即可在那里添加层。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="680"/>
        <source>Delete {type}</source>
        <translation>删除 {type}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="680"/>
        <source>Duplicate {type}</source>
        <translation>复制 {type}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="681"/>
        <source>Move {type}</source>
        <translation>移动 {type}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="861"/>
        <source>Template {title}</source>
        <translation>模板：{title}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="902"/>
        <source>Unfreeze backbone</source>
        <translation>解冻主干网络</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="888"/>
        <source>expected channels, height, width — e.g. 3, 32, 32</source>
        <translation>应为 通道, 高, 宽 — 例如 3, 32, 32</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="464"/>
        <source>Delete the selected layers (Del)</source>
        <translation>删除选中的层 (Del)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="466"/>
        <source>Duplicate the selected layers: the copies follow the last of them (Ctrl+D)</source>
        <translation>复制选中的层：副本放在最后一个选中层之后 (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="682"/>
        <source>Delete {count} layers</source>
        <translation>删除 {count} 个层</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="682"/>
        <source>Duplicate {count} layers</source>
        <translation>复制 {count} 个层</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="683"/>
        <source>Move {count} layers</source>
        <translation>移动 {count} 个层</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="759"/>
        <source>Delete {branch}</source>
        <translation>删除{branch}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="762"/>
        <source>Empty the shortcut</source>
        <translation>清空捷径</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="776"/>
        <source>Add a branch</source>
        <translation>添加分支</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="894"/>
        <source>Input shape {shape}</source>
        <translation>输入形状 {shape}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="895"/>
        <source>Input shape from the data</source>
        <translation>输入形状取自数据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="993"/>
        <source>from data: {shape_text}</source>
        <translation>取自数据：{shape_text}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="993"/>
        <source>from data</source>
        <translation>取自数据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="998"/>
        <source># The code appears once PyTorch has loaded.</source>
        <translation># PyTorch 加载完成后显示代码。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1007"/>
        <source>frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1008"/>
        <source>trainable</source>
        <translation>可训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1009"/>
        <source>{count:,} trainable</source>
        <translation>{count:,} 可训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1012"/>
        <source>{name} (pretrained)</source>
        <translation>{name}（预训练）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1047"/>
        <source>branch {number}</source>
        <translation>分支 {number}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1048"/>
        <source>shortcut</source>
        <translation>捷径</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1048"/>
        <source>main path</source>
        <translation>主路径</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1049"/>
        <source>empty: passes the input through</source>
        <translation>空：原样传递输入</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1061"/>
        <source>Output shapes appear once the data set is loaded (or type an input shape).</source>
        <translation>数据集加载后（或输入一个输入形状后）显示输出形状。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1063"/>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1070"/>
        <source>Layer {index} ({type}): </source>
        <translation>第 {index} 层（{type}）：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1079"/>
        <source>Input {shape_text} → output {value}    Total params: {total_params:,}    Trainable: {trainable_params:,}</source>
        <translation>输入 {shape_text} → 输出 {value}    总参数量：{total_params:,}    可训练：{trainable_params:,}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1080"/>
        <source>    Frozen: {frozen:,}</source>
        <translation>    已冻结：{frozen:,}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1089"/>
        <source>    Memory to train: ≈ {size} (batch {batch})</source>
        <translation>    训练所需内存：≈ {size}（批大小 {batch}）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1102"/>
        <source>Ready block: {title}</source>
        <translation>现成的块：{title}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1103"/>
        <source>Add ▸ (or a double click in the palette) inserts it with these arguments after the selected row.</source>
        <translation>点“添加 ▸”（或在层面板中双击）即可按这些参数把它插入到所选行之后。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1150"/>
        <source>Pretrained {torchvision}</source>
        <translation>预训练 {torchvision}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/model.py" line="1159"/>
        <source>A list of layers inside a block: with it selected, the palette adds layers at its end. Duplicate copies a branch as a new one; Delete removes a branch or empties the shortcut.</source>
        <translation>块内的一组层：选中它时，从层面板添加的层会放在它的末尾。“复制”会把一个分支复制为新分支；“删除”会移除一个分支或清空捷径。</translation>
    </message>
</context>
<context>
    <name>OpForm</name>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="275"/>
        <source>No arguments.</source>
        <translation>没有参数。</translation>
    </message>
</context>
<context>
    <name>OpListEditor</name>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="142"/>
        <source>Add ▾</source>
        <translation>添加 ▾</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="150"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="177"/>
        <source>Add {type}</source>
        <translation>添加 {type}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="183"/>
        <source>Remove {type}</source>
        <translation>移除 {type}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/data.py" line="191"/>
        <source>Move {type}</source>
        <translation>移动 {type}</translation>
    </message>
</context>
<context>
    <name>ParallelCoordinates</name>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="79"/>
        <source>Each line is a trial, across its parameters and its result. Start a sweep to see them.</source>
        <translation>每条线是一次试验，穿过它的各个参数和结果。开始搜索后即可看到。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="82"/>
        <source>Each line is a trial: its parameters, then its {metric}. Yellow is best, purple worst; pruned and failed trials are grey. Click a line to pick its trial.</source>
        <translation>每条线是一次试验：先是它的参数，最后是它的 {metric}。黄色最好，紫色最差；剪枝和失败的试验为灰色。点击一条线可选中它的试验。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="141"/>
        <source>Trial {number}</source>
        <translation>试验 {number}</translation>
    </message>
</context>
<context>
    <name>ParamEditor</name>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="36"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="37"/>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="112"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="38"/>
        <source>balanced</source>
        <translation>按类别均衡</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="100"/>
        <source>Expects {what}</source>
        <translation>应为{what}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="111"/>
        <source>inferred</source>
        <translation>自动推断</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="112"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="129"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="162"/>
        <source>e.g. 3 or 3, 5</source>
        <translation>例如 3 或 3, 5</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/param_editors.py" line="162"/>
        <source>e.g. 0.5, 0.5, 0.5</source>
        <translation>例如 0.5, 0.5, 0.5</translation>
    </message>
</context>
<context>
    <name>ParamRow</name>
    <message>
        <location filename="../../workbench/gui/panels/experiments.py" line="210"/>
        <source>project path, e.g. training.optimizer.lr</source>
        <translation>项目路径，例如 training.optimizer.lr</translation>
    </message>
</context>
<context>
    <name>PredictPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="173"/>
        <source>Add images…</source>
        <translation>添加图像…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="175"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="177"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="181"/>
        <source>Top</source>
        <translation>前</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="185"/>
        <source>How many classes to show for each image</source>
        <translation>每张图像显示多少个类别</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="201"/>
        <source>Could not explain: {message}</source>
        <translation>无法解释：{message}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="203"/>
        <source>Drop images or a folder here to see what the model predicts for them.</source>
        <translation>把图像或文件夹拖到这里，查看模型的预测结果。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="225"/>
        <source>Predicting…</source>
        <translation>正在预测…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="225"/>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="227"/>
        <source>No model yet: {count} waiting</source>
        <translation>还没有模型：{count} 张等待中</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="228"/>
        <source>No model yet</source>
        <translation>还没有模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="230"/>
        <source>1 image · model {model}</source>
        <translation>1 张图像 · 模型 {model}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="231"/>
        <source>{count} images · model {model}</source>
        <translation>{count} 张图像 · 模型 {model}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="311"/>
        <source>Could not predict: {message}</source>
        <translation>无法预测：{message}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="317"/>
        <source>Images to classify</source>
        <translation>要分类的图像</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="318"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="323"/>
        <source>A folder of images to classify</source>
        <translation>要分类的图像文件夹</translation>
    </message>
</context>
<context>
    <name>PredictionRow</name>
    <message>
        <location filename="../../workbench/gui/panels/predict.py" line="124"/>
        <source>Cannot classify this file: {error}</source>
        <translation>无法对此文件分类：{error}</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="122"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="125"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="128"/>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="131"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="133"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="134"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="135"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="136"/>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="139"/>
        <source>New projects and runs</source>
        <translation>新项目和训练运行</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="145"/>
        <source>Default &amp;device:</source>
        <translation>默认设备(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="148"/>
        <source>DataLoader worker processes; 0 reads the data in the training thread</source>
        <translation>DataLoader 工作进程数；0 表示在训练线程中读取数据</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="149"/>
        <source>Data &amp;workers:</source>
        <translation>数据加载进程(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="152"/>
        <source>runs/ beside the project file</source>
        <translation>项目文件旁边的 runs/</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="153"/>
        <source>Default runs folder</source>
        <translation>默认运行文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="154"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="158"/>
        <source>&amp;Runs folder:</source>
        <translation>运行文件夹(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="161"/>
        <source>Keep a training process ready (Train starts at once; about 400 MB of memory)</source>
        <translation>预先准备一个训练进程（点“训练”后立即开始；约占 400 MB 内存）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="162"/>
        <source>Every run trains in a process of its own. With this on, one waits with PyTorch already loaded, so the first batch comes within a second of Train.</source>
        <translation>每次训练都在独立的进程中运行。开启此项后，会有一个已加载 PyTorch 的进程在等待，点“训练”后一秒内即可得到第一个批次。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="167"/>
        <source>Starting</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="169"/>
        <source>Reopen the last project at start</source>
        <translation>启动时重新打开上次的项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="172"/>
        <source>Open it in the running window</source>
        <translation>在已运行的窗口中打开</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="173"/>
        <source>Open a new window</source>
        <translation>打开新窗口</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="174"/>
        <source>A project opened while the app runs:</source>
        <translation>程序运行时打开项目文件：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="190"/>
        <source>auto (best available)</source>
        <translation>自动（最佳可用设备）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="223"/>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="254"/>
        <source>The new language is used the next time Torch Workbench starts.</source>
        <translation>新的语言将在下次启动 Torch Workbench 时生效。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="227"/>
        <source>Folder for all runs</source>
        <translation>所有运行的文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/dialogs/preferences.py" line="253"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="67"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="68"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="69"/>
        <source>%1 File</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="70"/>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="71"/>
        <source>Shortcut</source>
        <translation>快捷方式</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="72"/>
        <source>Alias</source>
        <translation>替身</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="65"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/i18n.py" line="66"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="282"/>
        <location filename="../../workbench/gui/panels/results.py" line="348"/>
        <source>Train a model or load a checkpoint, then evaluate it here.</source>
        <translation>训练模型或加载检查点，然后在这里评估。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="285"/>
        <source>Evaluate on folder…</source>
        <translation>在文件夹上评估…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="286"/>
        <source>Evaluate the model on another image folder (one sub-folder per class)</source>
        <translation>在另一个图像文件夹上评估模型（每个类别一个子文件夹）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="288"/>
        <source>Evaluate again</source>
        <translation>重新评估</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="291"/>
        <location filename="../../workbench/gui/panels/results.py" line="440"/>
        <source>Most confidently wrong</source>
        <translation>最自信的错误</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="292"/>
        <source>The misclassified images the model was surest about</source>
        <translation>模型最有把握却分错的图像</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="298"/>
        <source>Evaluating… %v / %m images</source>
        <translation>正在评估… %v / %m 张图像</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="307"/>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="307"/>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="307"/>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="307"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="307"/>
        <source>support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="350"/>
        <source>This project has a run: choose it in the Runs tab and press Open to see its results here (and to predict with it).</source>
        <translation>这个项目有一次运行：在“运行记录”页选中它并点“打开”，即可在这里看到它的结果（并用它做预测）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="353"/>
        <source>This project has {count} runs: choose one in the Runs tab and press Open to see its results here (and to predict with it).</source>
        <translation>这个项目有 {count} 次运行：在“运行记录”页选中一次并点“打开”，即可在这里看到它的结果（并用它做预测）。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="368"/>
        <source>folder {folder}</source>
        <translation>文件夹 {folder}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="368"/>
        <source>its validation split</source>
        <translation>其验证集</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="370"/>
        <source>&lt;b&gt;{value}&lt;/b&gt; on {where}</source>
        <translation>&lt;b&gt;{value}&lt;/b&gt;，评估于{where}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="390"/>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;Could not evaluate: {message}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;无法评估：{message}&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="395"/>
        <source>Evaluate on an image folder</source>
        <translation>在图像文件夹上评估</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="405"/>
        <source>n/a (5 classes or fewer)</source>
        <translation>不适用（不超过 5 个类别）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="408"/>
        <source>&lt;span style=&apos;font-size:14pt&apos;&gt;&lt;b&gt;Accuracy {accuracy:.1%}&lt;/b&gt;&lt;/span&gt; &amp;nbsp; ({correct} of {total}) &amp;nbsp;·&amp;nbsp; top-5 {top5} &amp;nbsp;·&amp;nbsp; macro F1 {macro_f1:.3f} &amp;nbsp;·&amp;nbsp; &lt;span style=&apos;color:#666&apos;&gt;{source}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;font-size:14pt&apos;&gt;&lt;b&gt;准确率 {accuracy:.1%}&lt;/b&gt;&lt;/span&gt; &amp;nbsp; （{total} 张中 {correct} 张正确） &amp;nbsp;·&amp;nbsp; top-5 {top5} &amp;nbsp;·&amp;nbsp; 宏平均 F1 {macro_f1:.3f} &amp;nbsp;·&amp;nbsp; &lt;span style=&apos;color:#666&apos;&gt;{source}&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/results.py" line="436"/>
        <source>True {true}, predicted {predicted}</source>
        <translation>真实 {true}，预测 {predicted}</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="29"/>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="31"/>
        <source>{m} min {s:02d} s</source>
        <translation>{m} 分 {s:02d} 秒</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="32"/>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="47"/>
        <location filename="../../workbench/gui/panels/run.py" line="114"/>
        <source>▶  Train</source>
        <translation>▶  训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="49"/>
        <source>Train the model on the data set (F5)</source>
        <translation>在数据集上训练模型 (F5)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="51"/>
        <location filename="../../workbench/gui/panels/run.py" line="116"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="52"/>
        <source>Pause after the current batch, or resume (F6)</source>
        <translation>在当前批次后暂停，或继续 (F6)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="53"/>
        <source>■  Stop</source>
        <translation>■  停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="54"/>
        <source>Stop after the current batch; the last checkpoint is still written (Shift+F5)</source>
        <translation>在当前批次后停止；仍会写入最后的检查点 (Shift+F5)</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="55"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="56"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="67"/>
        <source>Keep previous curves</source>
        <translation>保留之前的曲线</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="68"/>
        <source>Draw the next run over this one&apos;s (faded) instead of clearing the plots</source>
        <translation>下次训练的曲线叠加在本次（淡化）曲线上，而不是清空图表</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="70"/>
        <source>Resume from checkpoint</source>
        <translation>从检查点继续</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="71"/>
        <source>Continue the loaded checkpoint&apos;s run (model, optimizer, epoch)</source>
        <translation>继续已加载检查点的训练（模型、优化器、轮次）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="79"/>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="81"/>
        <source>Epoch progress</source>
        <translation>轮次进度</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="82"/>
        <location filename="../../workbench/gui/panels/run.py" line="87"/>
        <source>%v / %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="84"/>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="86"/>
        <source>Batch progress</source>
        <translation>批次进度</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="114"/>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="116"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="142"/>
        <source>{train_samples} training / {val_samples} validation images on {value} · {total_params:,} parameters</source>
        <translation>{train_samples} 张训练 / {val_samples} 张验证图像，设备 {value} · {total_params:,} 个参数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="145"/>
        <source>compiling the model (torch.compile, mode {mode})…</source>
        <translation>正在编译模型（torch.compile，模式 {mode}）…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="147"/>
        <source>compiled the model in {seconds:.1f} s</source>
        <translation>模型编译用时 {seconds:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="170"/>
        <source>epoch {epoch}, batch {batch}/{batches} · loss {loss:.4f} · {samples_per_s:,.0f} samples/s</source>
        <translation>第 {epoch} 轮，批次 {batch}/{batches} · 损失 {loss:.4f} · {samples_per_s:,.0f} 样本/秒</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="173"/>
        <source>ETA {time}</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="174"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="174"/>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/run.py" line="190"/>
        <source>epoch {epoch}/{epochs} · train loss {value} · val loss {value2} · val accuracy {value3} · {value4}</source>
        <translation>第 {epoch}/{epochs} 轮 · 训练损失 {value} · 验证损失 {value2} · 验证准确率 {value3} · {value4}</translation>
    </message>
</context>
<context>
    <name>RunProcess</name>
    <message>
        <location filename="../../workbench/gui/runs/process.py" line="141"/>
        <source>The training process was killed (SIGKILL). The system&apos;s out-of-memory killer ends processes this way when memory runs out: a smaller batch size or model needs less.</source>
        <translation>训练进程被强行终止（SIGKILL）。内存耗尽时，系统的内存不足保护机制会这样结束进程：减小批大小或模型可以少用内存。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/runs/process.py" line="145"/>
        <source>The training process crashed ({signal}): a fault inside PyTorch or a library it uses.</source>
        <translation>训练进程崩溃（{signal}）：PyTorch 或其使用的库内部出错。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/runs/process.py" line="148"/>
        <source>The training process was ended by {signal}.</source>
        <translation>训练进程被 {signal} 结束。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/runs/process.py" line="151"/>
        <source>The training process was interrupted.</source>
        <translation>训练进程被中断。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/runs/process.py" line="157"/>
        <source>exit status {code}</source>
        <translation>退出状态 {code}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/runs/process.py" line="158"/>
        <source>The training process ended unexpectedly: {reason}</source>
        <translation>训练进程意外结束：{reason}</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="51"/>
        <source>started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="51"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="52"/>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="52"/>
        <source>val accuracy (model.pth)</source>
        <translation>验证准确率（model.pth）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="53"/>
        <source>duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="53"/>
        <source>ended</source>
        <translation>结束方式</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="55"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="56"/>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="57"/>
        <source>stopped: can resume</source>
        <translation>已停止：可继续</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="58"/>
        <source>loss diverged</source>
        <translation>损失发散</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="59"/>
        <source>running, or cut short</source>
        <translation>运行中，或被中断</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="108"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="109"/>
        <source>Show the runs in another folder</source>
        <translation>显示另一个文件夹中的运行</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="111"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="113"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="114"/>
        <source>Restore this run&apos;s project and trained model</source>
        <translation>恢复该运行的项目和训练好的模型</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="116"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="117"/>
        <source>Move the selected runs to the trash</source>
        <translation>将选中的运行移到回收站</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="119"/>
        <location filename="../../workbench/gui/panels/runs.py" line="178"/>
        <source>Open TensorBoard</source>
        <translation>打开 TensorBoard</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="120"/>
        <source>Start TensorBoard on this folder&apos;s runs (on this computer only) and open it</source>
        <translation>对该文件夹中的运行启动 TensorBoard（仅限本机）并打开</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="138"/>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="138"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="139"/>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="139"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="146"/>
        <source>Select runs (Ctrl/Shift+click) to compare their curves.</source>
        <translation>选择多个运行（Ctrl/Shift+单击）以比较它们的曲线。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="163"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="178"/>
        <source>Starting TensorBoard…</source>
        <translation>正在启动 TensorBoard…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="184"/>
        <source>Runs folder</source>
        <translation>运行文件夹</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="193"/>
        <source>Runs in &lt;b&gt;{value}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{value}&lt;/b&gt; 中的运行</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="228"/>
        <source>No runs in this folder yet.</source>
        <translation>该文件夹中还没有运行记录。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="230"/>
        <source>1 run. Select runs (Ctrl/Shift+click) to compare their curves.</source>
        <translation>1 次运行。选择多个运行（Ctrl/Shift+单击）以比较它们的曲线。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="231"/>
        <source>{count} runs. Select runs (Ctrl/Shift+click) to compare their curves.</source>
        <translation>{count} 次运行。选择多个运行（Ctrl/Shift+单击）以比较它们的曲线。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="237"/>
        <source>Could not read the runs: {message}</source>
        <translation>无法读取运行记录：{message}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="289"/>
        <source>Could not delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="294"/>
        <source>Move 1 run folder to the trash?</source>
        <translation>将 1 个运行文件夹移到回收站？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="295"/>
        <source>Move {count} run folders to the trash?</source>
        <translation>将 {count} 个运行文件夹移到回收站？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="296"/>
        <source>Delete runs?</source>
        <translation>删除运行记录？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="325"/>
        <source>TensorBoard is serving {runs_dir} at {url}</source>
        <translation>TensorBoard 正在 {url} 提供 {runs_dir}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/runs.py" line="333"/>
        <source>TensorBoard</source>
        <translation>TensorBoard</translation>
    </message>
</context>
<context>
    <name>ThumbGrid</name>
    <message>
        <location filename="../../workbench/gui/widgets/thumb_grid.py" line="95"/>
        <source>(cannot show it: {t})</source>
        <translation>（无法显示：{t}）</translation>
    </message>
</context>
<context>
    <name>TorchLoader</name>
    <message>
        <location filename="../../workbench/gui/runs/background.py" line="226"/>
        <source>PyTorch could not be loaded: {error}</source>
        <translation>无法加载 PyTorch：{error}</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="38"/>
        <source>auto — {name}</source>
        <translation>自动 — {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="42"/>
        <source>All GPUs ({count}) — data-parallel, one process each</source>
        <translation>全部 GPU（{count} 个）— 数据并行，每个 GPU 一个进程</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="152"/>
        <location filename="../../workbench/gui/panels/training.py" line="153"/>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="155"/>
        <location filename="../../workbench/gui/panels/training.py" line="156"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="158"/>
        <location filename="../../workbench/gui/panels/training.py" line="260"/>
        <source>Find learning rate…</source>
        <translation>寻找学习率…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="160"/>
        <source>Train briefly while the learning rate rises from very low to very high, and suggest a rate from how the loss falls (the project changes only when you choose Use)</source>
        <translation>在学习率从很低升到很高的同时短暂训练，并根据损失的下降情况建议一个学习率（只有选择“使用”时项目才会改变）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="169"/>
        <source>Learning-rate scheduler</source>
        <translation>学习率调度器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="170"/>
        <source>Scheduler</source>
        <translation>学习率调度器</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="173"/>
        <source>Run</source>
        <translation>运行设置</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="179"/>
        <source>auto (best available)</source>
        <translation>自动（最佳可用设备）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="181"/>
        <source>The devices PyTorch finds on this machine</source>
        <translation>PyTorch 在本机找到的设备</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="194"/>
        <location filename="../../workbench/gui/panels/training.py" line="313"/>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="196"/>
        <source>Stop when the monitored validation metric has not improved for &apos;patience&apos; epochs</source>
        <translation>当监控的验证指标连续“耐心轮数”轮没有改进时停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="199"/>
        <source>Fine-tuning schedule (pretrained base)</source>
        <translation>微调计划（预训练主干网络）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="230"/>
        <source>Train the new head alone for the first epochs (the pretrained backbone frozen), then the whole network, the backbone at a lower learning rate</source>
        <translation>前几轮只训练新分类头（预训练主干网络冻结），之后训练整个网络，主干网络使用较低的学习率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="232"/>
        <source>For a pretrained base (Model tab › Templates): this model has no backbone to hold back</source>
        <translation>用于预训练主干网络（模型页 › 模板）：这个模型没有需要冻结的主干网络</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="248"/>
        <source>{device} (not found here)</source>
        <translation>{device}（本机未找到）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="259"/>
        <source>Finding the learning rate…</source>
        <translation>正在寻找学习率…</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="268"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="269"/>
        <source>{title}: {what}</source>
        <translation>{title}：{what}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="286"/>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="308"/>
        <source>Fine-tuning schedule on</source>
        <translation>开启微调计划</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="308"/>
        <source>Fine-tuning schedule off</source>
        <translation>关闭微调计划</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="309"/>
        <source>Fine-tuning schedule</source>
        <translation>微调计划</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="313"/>
        <source>Early stopping on</source>
        <translation>开启提前停止</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="313"/>
        <source>Early stopping off</source>
        <translation>关闭提前停止</translation>
    </message>
</context>
<context>
    <name>Trash</name>
    <message>
        <location filename="../../workbench/gui/trash.py" line="19"/>
        <source>{path} could not be moved to the trash</source>
        <translation>无法把 {path} 移到回收站</translation>
    </message>
</context>
<context>
    <name>TrialCurves</name>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="242"/>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="242"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="243"/>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="243"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="253"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="267"/>
        <source>Click a trial in the table (or its line) to see its curves.</source>
        <translation>点击表格中的试验（或它的线）查看其曲线。</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="269"/>
        <source>Trial {number}</source>
        <translation>试验 {number}</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="271"/>
        <source>no epoch finished yet</source>
        <translation>还没有完成的轮次</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="273"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="274"/>
        <location filename="../../workbench/gui/widgets/study_plots.py" line="275"/>
        <source>validation</source>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>_OpChooser</name>
    <message>
        <location filename="../../workbench/gui/panels/training.py" line="64"/>
        <source>None</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../workbench/gui/desktop/app.py" line="42"/>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/app.py" line="43"/>
        <source>{path}: no such project file</source>
        <translation>{path}：没有这个项目文件</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../workbench/gui/desktop/recovery.py" line="68"/>
        <source>a new project</source>
        <translation>一个新项目</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/recovery.py" line="69"/>
        <source>Recover unsaved changes?</source>
        <translation>恢复未保存的更改？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/recovery.py" line="70"/>
        <source>Torch Workbench closed unexpectedly while {0} had unsaved changes (autosaved {1}). Recover them?</source>
        <translation>Torch Workbench 意外关闭时，{0} 有未保存的更改（自动保存于 {1}）。要恢复吗？</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/recovery.py" line="72"/>
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/recovery.py" line="73"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/desktop/recovery.py" line="74"/>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
</context>
</TS>
