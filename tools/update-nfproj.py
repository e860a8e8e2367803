#!/usr/bin/env python3
"""Writes every nanoFramework project of the repository from the table below: its .nfproj (Compile items read
from the tree, project references, package HintPaths) and its packages.config, plus EspCollector.sln.

The firmware is split into one assembly per concern because a nanoFramework assembly holds at most 65,535 B of
byte code and 65,535 B of strings (16-bit offsets in the .pe); the test projects are split the same way, each
named NFUnitTest as the test launcher requires. The nanoFramework project system lists every source file
explicitly; run this script after adding or removing a .cs file under firmware/ or firmware.Tests/ (the surface
check fails, naming the file, when a list is stale).
Usage: python3 tools/update-nfproj.py            (writes what changed)
       python3 tools/update-nfproj.py --check    (writes nothing; fails, naming each stale file; test.sh runs it)
"""
import pathlib
import sys
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent

# id, version, assemblies (lib/<name>.dll). Versions: the stable line the API listing in host/NanoSurface/api was
# read from (CoreLibrary 1.17.11).
PACKAGES = {
    "core": ("nanoFramework.CoreLibrary", "1.17.11", ["mscorlib"]),
    "esp32": ("nanoFramework.Hardware.Esp32", "1.6.40", ["nanoFramework.Hardware.Esp32"]),
    "mqtt": ("nanoFramework.M2Mqtt", "5.1.220", ["nanoFramework.M2Mqtt", "nanoFramework.M2Mqtt.Core"]),
    "events": ("nanoFramework.Runtime.Events", "1.11.37", ["nanoFramework.Runtime.Events"]),
    "native": ("nanoFramework.Runtime.Native", "1.7.11", ["nanoFramework.Runtime.Native"]),
    "collections": ("nanoFramework.System.Collections", "1.5.75", ["nanoFramework.System.Collections"]),
    "gpio": ("nanoFramework.System.Device.Gpio", "1.1.57", ["System.Device.Gpio"]),
    "wifi": ("nanoFramework.System.Device.Wifi", "1.5.149", ["System.Device.Wifi"]),
    "files": ("nanoFramework.System.IO.FileSystem", "1.1.90", ["System.IO.FileSystem"]),
    "ports": ("nanoFramework.System.IO.Ports", "1.1.140", ["System.IO.Ports"]),
    "streams": ("nanoFramework.System.IO.Streams", "1.1.96", ["System.IO.Streams"]),
    "math": ("nanoFramework.System.Math", "1.5.116", ["System.Math"]),
    "net": ("nanoFramework.System.Net", "1.11.60", ["System.Net"]),
    "text": ("nanoFramework.System.Text", "1.3.42", ["nanoFramework.System.Text"]),
    "threading": ("nanoFramework.System.Threading", "1.1.52", ["System.Threading"]),
    "test": ("nanoFramework.TestFramework", "3.0.80", ["nanoFramework.TestFramework", "nanoFramework.UnitTestLauncher"]),
}
PACKAGE_ORDER = list(PACKAGES)

# The projects: (key, folder, assembly name, output type, direct project references, packages its own code
# compiles against). A project's packages.config and HintPaths get these plus the packages of every project it
# references (each assembly that is loaded must be deployed). EspCollector.Esp32 also lists events, streams and
# threading, which its device packages depend on.
# The core's `using` graph is a DAG (README, "Assemblies"): Ports and Storage are leaves (Board uses only Ports,
# for StringArrays); the core never
# references Esp32. A project lists its direct references only; the .nfproj gets their transitive closure (the
# compiler needs every assembly whose types it sees, the deployer every assembly that is loaded).
FIRMWARE = [
    ("Ports", "firmware/Core/Ports", "EspCollector.Core.Ports", "Library", [], ["core"]),
    ("Storage", "firmware/Core/Storage", "EspCollector.Core.Storage", "Library", [], ["core"]),
    ("Board", "firmware/Core/Board", "EspCollector.Core.Board", "Library", ["Ports"], ["core"]),
    ("Bus", "firmware/Core/Bus", "EspCollector.Core.Bus", "Library", ["Ports"], ["core"]),
    ("Meters", "firmware/Core/Meters", "EspCollector.Core.Meters", "Library", ["Bus", "Ports"], ["core", "text"]),
    ("Pulses", "firmware/Core/Pulses", "EspCollector.Core.Pulses", "Library", ["Ports", "Storage"], ["core"]),
    ("Supervision", "firmware/Core/Supervision", "EspCollector.Core.Supervision", "Library", ["Ports", "Storage"], ["core"]),
    ("MBus", "firmware/Core/MBus", "EspCollector.Core.MBus", "Library", ["Meters", "Ports"], ["core"]),
    ("Publishing", "firmware/Core/Publishing", "EspCollector.Core.Publishing", "Library", ["Ports"], ["core", "collections", "text", "math"]),
    ("Config", "firmware/Core/Config", "EspCollector.Core.Config", "Library", ["Board", "Meters", "Ports", "Storage"], ["core", "text"]),
    ("Console", "firmware/Core/Console", "EspCollector.Core.Console", "Library", ["Board", "Config", "Ports"], ["core"]),
    ("App", "firmware/Core/App", "EspCollector.Core.App", "Library",
     ["Board", "Bus", "Config", "Console", "MBus", "Meters", "Ports", "Publishing", "Pulses", "Storage", "Supervision"], ["core"]),
    ("Esp32", "firmware/Esp32", "EspCollector.Esp32", "Library",
     ["App", "Board", "Bus", "Config", "Console", "Ports", "Publishing", "Pulses", "Storage", "Supervision"],
     ["core", "text", "threading", "esp32", "events", "native", "gpio", "wifi", "files", "ports", "streams", "net", "mqtt"]),
    ("Application", "firmware", "EspCollector", "Exe",
     ["App", "Board", "Bus", "Config", "Console", "Esp32", "Meters", "Ports", "Publishing", "Pulses", "Storage", "Supervision"],
     ["core", "threading", "gpio", "wifi"]),
    # The heap probe (issue 13): the application's composition on the test doubles, run on nanoCLR to measure the heap.
    ("HeapProbe", "firmware/HeapProbe", "EspCollector.HeapProbe", "Exe",
     ["App", "Board", "Bus", "Config", "Console", "Doubles", "Meters", "Ports", "Publishing", "Pulses", "Storage", "Supervision"],
     ["core", "collections", "text", "native"]),
]

# The shared test doubles (a class library) and one test project per firmware.Tests/<Concern> folder. Test
# projects never reference the application (nanoCLR would run its Main instead of the test launcher).
TESTS = [
    ("Doubles", "firmware.Tests/Doubles", "EspCollector.TestDoubles", "Library",
     ["App", "Bus", "Config", "Console", "MBus", "Ports", "Publishing", "Pulses", "Storage"], ["core", "collections", "text"]),
    ("Tests.Foundation", "firmware.Tests/Foundation", "NFUnitTest", "Test", ["Doubles", "Ports"], ["core", "test"]),
    ("Tests.Storage", "firmware.Tests/Storage", "NFUnitTest", "Test", ["Doubles", "Storage"], ["core", "test"]),
    ("Tests.Board", "firmware.Tests/Board", "NFUnitTest", "Test", ["Board", "Ports"], ["core", "test"]),
    ("Tests.Bus", "firmware.Tests/Bus", "NFUnitTest", "Test", ["Doubles", "Bus", "Ports"], ["core", "test"]),
    ("Tests.Meters", "firmware.Tests/Meters", "NFUnitTest", "Test", ["Doubles", "Bus", "Meters", "Ports"], ["core", "collections", "math", "test"]),
    ("Tests.Pulses", "firmware.Tests/Pulses", "NFUnitTest", "Test", ["Doubles", "Pulses", "Storage"], ["core", "math", "test"]),
    ("Tests.Publishing", "firmware.Tests/Publishing", "NFUnitTest", "Test", ["Doubles", "Meters", "Publishing"], ["core", "collections", "text", "test"]),
    ("Tests.Config", "firmware.Tests/Config", "NFUnitTest", "Test", ["Doubles", "Board", "Config", "Storage"], ["core", "text", "test"]),
    ("Tests.Console", "firmware.Tests/Console", "NFUnitTest", "Test", ["Doubles", "Config", "Console"], ["core", "test"]),
    ("Tests.MBus", "firmware.Tests/MBus", "NFUnitTest", "Test", ["Doubles", "MBus", "Meters", "Ports"], ["core", "collections", "test"]),
    ("Tests.Platform", "firmware.Tests/Platform", "NFUnitTest", "Test", ["Doubles", "Ports"], ["core", "test"]),
    ("Tests.Supervision", "firmware.Tests/Supervision", "NFUnitTest", "Test",
     ["Doubles", "App", "Config", "Console", "Ports", "Pulses", "Supervision"], ["core", "collections", "text", "test"]),
    ("Tests.App", "firmware.Tests/App", "NFUnitTest", "Test",
     ["Doubles", "App", "Bus", "Config", "Console", "MBus", "Meters", "Ports", "Pulses"], ["core", "collections", "text", "test"]),
]

PROJECTS = FIRMWARE + TESTS
BY_KEY = {p[0]: p for p in PROJECTS}


def project_file(key):
    folder, assembly = BY_KEY[key][1], BY_KEY[key][2]
    if key == "Application":
        return folder + "/firmware.nfproj"
    if assembly == "NFUnitTest":
        return folder + "/EspCollector.Tests." + key.split(".", 1)[1] + ".nfproj"
    return folder + "/" + assembly + ".nfproj"


def project_name(key):
    return pathlib.PurePosixPath(project_file(key)).stem


def project_guid(key):
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "espcollector:" + project_file(key))).upper() + "}"


def closure(key):
    seen = []
    pending = list(BY_KEY[key][4])
    while pending:
        item = pending.pop(0)
        if item in seen:
            continue
        seen.append(item)
        pending.extend(BY_KEY[item][4])
    return sorted(seen, key=lambda k: project_name(k).lower())


HEADER = """<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by tools/update-nfproj.py: edit the script's table, not this file. -->
<Project ToolsVersion="Current" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
"""

FOOTER = """  <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.CSharp.targets" Condition="Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.CSharp.targets')" />
  <ProjectExtensions>
    <ProjectCapabilities>
      <ProjectConfigurationsDeclaredAsItems />
    </ProjectCapabilities>
  </ProjectExtensions>
</Project>
"""


def nested_project_folders(folder):
    """Folders below `folder` that hold a project of their own (their files are not this project's)."""
    base = ROOT / folder
    return [pathlib.PurePosixPath(p[1]).relative_to(folder) for p in PROJECTS
            if p[1] != folder and p[1].startswith(folder + "/")] if base.exists() else []


def sources(folder):
    base = ROOT / folder
    nested = nested_project_folders(folder)
    found = []
    for path in base.rglob("*.cs"):
        rel = path.relative_to(base)
        if "bin" in rel.parts or "obj" in rel.parts:
            continue
        if any(str(rel).startswith(str(n) + "/") for n in nested):
            continue
        found.append(rel)
    return sorted(found, key=lambda p: str(p).lower())


def win(path):
    return str(path).replace("/", "\\")


def relative(from_folder, to_path):
    import os
    return os.path.relpath(ROOT / to_path, ROOT / from_folder)


def packages_of(key):
    """A project's own packages and those of every project it references: each assembly that is loaded must be
    deployed, and nanoFramework deploys what the application (or test project) references."""
    used = set(BY_KEY[key][5])
    for ref in closure(key):
        used.update(BY_KEY[ref][5])
    if BY_KEY[key][3] != "Test":
        used.discard("test")
    return used


def references(key):
    folder, packages = BY_KEY[key][1], packages_of(key)
    to_root = win(relative(folder, "."))
    lines = ["  <ItemGroup>"]
    for package_key in PACKAGE_ORDER:
        if package_key not in packages:
            continue
        package, version, assemblies = PACKAGES[package_key]
        for assembly in assemblies:
            extension = "exe" if assembly.endswith("Launcher") else "dll"
            assembly_version = "0.0.0.0" if assembly.endswith("Launcher") else version + ".0"
            lines.append(
                f'    <Reference Include="{assembly}, Version={assembly_version}, Culture=neutral, PublicKeyToken=c07d481e9758c731">')
            lines.append(f"      <HintPath>{to_root}\\packages\\{package}.{version}\\lib\\{assembly}.{extension}</HintPath>")
            lines.append("      <Private>True</Private>")
            lines.append("    </Reference>")
    lines.append("  </ItemGroup>")
    return "\n".join(lines) + "\n"


def project_references(key):
    folder = BY_KEY[key][1]
    refs = closure(key)
    if not refs:
        return ""
    lines = ["  <ItemGroup>"]
    for ref in refs:
        lines.append(f'    <ProjectReference Include="{win(relative(folder, project_file(ref)))}">')
        lines.append(f"      <Project>{project_guid(ref)}</Project>")
        lines.append(f"      <Name>{project_name(ref)}</Name>")
        lines.append("    </ProjectReference>")
    lines.append("  </ItemGroup>")
    return "\n".join(lines) + "\n"


def packages_config(key):
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<packages>"]
    for package_key in PACKAGE_ORDER:
        if package_key not in packages_of(key):
            continue
        package, version, _ = PACKAGES[package_key]
        extra = ' developmentDependency="true"' if package_key == "test" else ""
        lines.append(f'  <package id="{package}" version="{version}" targetFramework="netnano1.0"{extra} />')
    lines.append("</packages>")
    return "\n".join(lines) + "\n"


def globals_block(guid, output_type, name, extra=""):
    return f"""  <PropertyGroup Label="Globals">
    <NanoFrameworkProjectSystemPath>$(MSBuildExtensionsPath)\\nanoFramework\\v1.0\\</NanoFrameworkProjectSystemPath>
  </PropertyGroup>
  <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props" Condition="Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props')" />
  <PropertyGroup>
    <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>
    <Platform Condition=" '$(Platform)' == '' ">AnyCPU</Platform>
    <ProjectTypeGuids>{{11A8DD76-328B-46DF-9F39-F559912D0360}};{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}</ProjectTypeGuids>
    <ProjectGuid>{guid}</ProjectGuid>
    <OutputType>{output_type}</OutputType>
    <AppDesignerFolder>Properties</AppDesignerFolder>
    <FileAlignment>512</FileAlignment>
    <RootNamespace>{name}</RootNamespace>
    <AssemblyName>{name}</AssemblyName>
    <TargetFrameworkVersion>v1.0</TargetFrameworkVersion>
    <LangVersion>9.0</LangVersion>
{extra}  </PropertyGroup>
  <Import Project="$(NanoFrameworkProjectSystemPath)NFProjectSystem.props" Condition="Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.props')" />
"""


def project(key):
    _, folder, assembly, kind, _, _ = BY_KEY[key]
    items = "\n".join(f'    <Compile Include="{win(p)}" />' for p in sources(folder))
    none = '    <None Include="packages.config" />\n'
    text = HEADER
    if kind == "Test":
        extra = """    <IsCodedUITest>False</IsCodedUITest>
    <IsTestProject>true</IsTestProject>
    <TestProjectType>UnitTest</TestProjectType>
"""
        text += "  <ItemGroup>\n    <ProjectCapability Include=\"TestContainer\" />\n  </ItemGroup>\n"
        text += globals_block(project_guid(key), "Library", assembly, extra)
        text += "  <PropertyGroup>\n    <RunSettingsFilePath>$(MSBuildProjectDirectory)\\nano.runsettings</RunSettingsFilePath>\n  </PropertyGroup>\n"
        none = '    <None Include="nano.runsettings" />\n' + none
    else:
        text += globals_block(project_guid(key), kind, assembly)
    text += "  <ItemGroup>\n" + items + "\n  </ItemGroup>\n"
    text += "  <ItemGroup>\n" + none + "  </ItemGroup>\n"
    text += references(key) + project_references(key) + FOOTER
    return text


RUNSETTINGS = """<?xml version="1.0" encoding="utf-8"?>
<RunSettings>
  <!-- Settings for the nanoFramework test adapter (Visual Studio / VS Code Test Explorer). -->
  <RunConfiguration>
    <MaxCpuCount>1</MaxCpuCount>
    <ResultsDirectory>.\\TestResults</ResultsDirectory>
    <TestSessionTimeout>600000</TestSessionTimeout>
    <TargetFrameworkVersion>net48</TargetFrameworkVersion>
    <TargetPlatform>x64</TargetPlatform>
  </RunConfiguration>
  <nanoFrameworkAdapter>
    <Logging>None</Logging>
    <!-- False: run on the nanoCLR emulator (nanoclr). Set True to run the tests on a connected board. -->
    <IsRealHardware>False</IsRealHardware>
  </nanoFrameworkAdapter>
</RunSettings>
"""

NF_TYPE = "{11A8DD76-328B-46DF-9F39-F559912D0360}"
FOLDER_TYPE = "{2150E333-8FDC-42A3-9474-1A3956D46DE8}"


def solution():
    folders = [("Core", "firmware/Core"), ("Tests", "firmware.Tests")]
    folder_guids = {name: "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "espcollector-folder:" + name)).upper() + "}" for name, _ in folders}
    lines = ["Microsoft Visual Studio Solution File, Format Version 12.00", "# Visual Studio Version 17",
             "VisualStudioVersion = 17.11.35222.181", "MinimumVisualStudioVersion = 10.0.40219.1"]
    for name, _ in folders:
        lines.append(f'Project("{FOLDER_TYPE}") = "{name}", "{name}", "{folder_guids[name]}"')
        lines.append("EndProject")
    for key, *_ in PROJECTS:
        lines.append(f'Project("{NF_TYPE}") = "{project_name(key)}", "{win(project_file(key))}", "{project_guid(key)}"')
        lines.append("EndProject")
    lines += ["Global", "\tGlobalSection(SolutionConfigurationPlatforms) = preSolution",
              "\t\tDebug|Any CPU = Debug|Any CPU", "\t\tRelease|Any CPU = Release|Any CPU", "\tEndGlobalSection",
              "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution"]
    for key, *_ in PROJECTS:
        guid = project_guid(key)
        for configuration in ("Debug", "Release"):
            for what in ("ActiveCfg", "Build.0", "Deploy.0"):
                lines.append(f"\t\t{guid}.{configuration}|Any CPU.{what} = {configuration}|Any CPU")
    lines += ["\tEndGlobalSection", "\tGlobalSection(SolutionProperties) = preSolution", "\t\tHideSolutionNode = FALSE",
              "\tEndGlobalSection", "\tGlobalSection(NestedProjects) = preSolution"]
    for key, folder, *_ in PROJECTS:
        for name, prefix in folders:
            if folder.startswith(prefix):
                lines.append(f"\t\t{project_guid(key)} = {folder_guids[name]}")
    lines += ["\tEndGlobalSection", "\tGlobalSection(ExtensibilityGlobals) = postSolution",
              "\t\tSolutionGuid = {3B8E5F21-7C4A-4D9E-A1B2-C3D4E5F60718}", "\tEndGlobalSection", "EndGlobal"]
    return "\r\n".join(lines) + "\r\n"


CHECK = "--check" in sys.argv
STALE = []


def write(relative_path, text):
    path = ROOT / relative_path
    old = path.read_bytes().decode("utf-8") if path.exists() else None
    if old == text:
        return
    if CHECK:
        STALE.append(relative_path)
        return
    path.write_text(text, encoding="utf-8", newline="")
    print(f"updated {relative_path}")


if __name__ == "__main__":
    for key, folder, _, kind, _, _ in PROJECTS:
        write(project_file(key), project(key))
        write(folder + "/packages.config", packages_config(key))
        if kind == "Test":
            write(folder + "/nano.runsettings", RUNSETTINGS)
    write("EspCollector.sln", solution())
    if CHECK:
        if STALE:
            print("Test failed,nfproj.generated," + ", ".join(STALE) + " differ from tools/update-nfproj.py's table and the tree:"
                  " run python3 tools/update-nfproj.py")
            print("0 passed, 1 failed")
            sys.exit(1)
        print("Test passed,nfproj.generated")
        print("1 passed, 0 failed")
